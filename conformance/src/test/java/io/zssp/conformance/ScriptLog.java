package io.zssp.conformance;

import java.util.ArrayList;
import java.util.List;

/**
 * What the scripted crypto of one side observed: failures (a request the transcript cannot serve,
 * or a result that does not reproduce the recorded value) and notes (a value consumed in another
 * step than the canonical one). The implementation under test may swallow the {@link
 * AssertionError} a failure throws, so the runner also drains this log after every step.
 * Thread-safe.
 */
final class ScriptLog {
  private final List<String> failures = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> pendingFailures = new ArrayList<>();

  /** Records a failure and returns the error to throw into the implementation. */
  synchronized AssertionError fail(String message) {
    failures.add(message);
    pendingFailures.add(message);
    return new AssertionError(message);
  }

  synchronized void note(String message) {
    notes.add(message);
  }

  /** The failures recorded since the last call (for per-step reporting). */
  synchronized List<String> drainNewFailures() {
    List<String> out = new ArrayList<>(pendingFailures);
    pendingFailures.clear();
    return out;
  }

  /** Every failure so far. */
  synchronized List<String> failures() {
    return new ArrayList<>(failures);
  }

  /** Every note so far. */
  synchronized List<String> notes() {
    return new ArrayList<>(notes);
  }
}
