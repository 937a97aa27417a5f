package io.zssp.conformance;

import java.util.List;

/**
 * The outcome of running one side of one transcript: {@link #failures()} (each "FAIL step N (op,
 * side): …"), {@link #leftovers()} (injected values never consumed), {@link #deviations()} (the
 * intended, documented deviations that were found exactly as expected; not failures) and {@link
 * #notes()} (informative). Immutable.
 */
public final class TranscriptResult {
  private static final int MAX_LINES_SHOWN = 60;

  private final String name;
  private final int stepsRun;
  private final List<String> failures;
  private final List<String> leftovers;
  private final List<String> deviations;
  private final List<String> notes;

  TranscriptResult(
      String name,
      int stepsRun,
      List<String> failures,
      List<String> leftovers,
      List<String> deviations,
      List<String> notes) {
    this.name = name;
    this.stepsRun = stepsRun;
    this.failures = List.copyOf(failures);
    this.leftovers = List.copyOf(leftovers);
    this.deviations = List.copyOf(deviations);
    this.notes = List.copyOf(notes);
  }

  /** "transcript/side". */
  public String name() {
    return name;
  }

  /** How many steps of this side were executed. */
  public int stepsRun() {
    return stepsRun;
  }

  /** Every mismatch with the canonical transcript, in step order. */
  public List<String> failures() {
    return failures;
  }

  /** Injected values the implementation never asked for, by kind and purpose. */
  public List<String> leftovers() {
    return leftovers;
  }

  /** Intended deviations (spec §13 B22) observed exactly as documented. */
  public List<String> deviations() {
    return deviations;
  }

  /** Informative remarks (e.g. a value consumed one step earlier than canonical). */
  public List<String> notes() {
    return notes;
  }

  /** No failure and every injected value consumed. */
  public boolean passed() {
    return failures.isEmpty() && leftovers.isEmpty();
  }

  /** A readable report (long lists are cut after the first lines). */
  public String report() {
    StringBuilder sb =
        new StringBuilder(name)
            .append(": ")
            .append(stepsRun)
            .append(" steps, ")
            .append(failures.size())
            .append(" failure(s), ")
            .append(leftovers.size())
            .append(" leftover kind(s), ")
            .append(deviations.size())
            .append(" intended deviation(s)");
    append(sb, failures);
    append(sb, leftovers);
    append(sb, deviations);
    append(sb, notes);
    return sb.toString();
  }

  private static void append(StringBuilder sb, List<String> lines) {
    for (int i = 0; i < lines.size() && i < MAX_LINES_SHOWN; i++) {
      sb.append('\n').append("  ").append(lines.get(i));
    }
    if (lines.size() > MAX_LINES_SHOWN) {
      sb.append("\n  … ").append(lines.size() - MAX_LINES_SHOWN).append(" more");
    }
  }

  @Override
  public String toString() {
    return report();
  }
}
