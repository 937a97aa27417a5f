package io.zssp.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Self-test of {@link TranscriptRunner} and {@link StepChecks} on the fake {@link CannedContext}: a
 * faithful playback passes every side of every transcript (with exactly the B22 deviations of
 * {@code small-mtu}), and each planted mistake is reported where it was made.
 */
class TranscriptRunnerSelfTest {
  private static TranscriptResult run(String name, String side, CannedContext.Tamper tamper) {
    Transcript t = Transcript.load(name);
    return TranscriptRunner.run(t, side, config -> new CannedContext(t, side, config, tamper));
  }

  @Test
  void faithfulPlayback_passesEverySide_withOnlyTheB22Deviations() {
    for (String name : Transcript.NAMES) {
      for (String side : Transcript.SIDES) {
        TranscriptResult r = run(name, side, new CannedContext.Tamper());
        assertTrue(r.passed(), r::report);
        assertEquals(List.of(), r.notes(), r::report);
        assertEquals(Transcript.load(name).stepsOf(side).size(), r.stepsRun());
        if (name.equals("small-mtu")) {
          assertEquals(1, r.deviations().size(), r::report);
          String step = side.equals("alice") ? "step 89 (send, alice)" : "step 145 (send, bob)";
          assertTrue(
              r.deviations().get(0).startsWith("DEVIATION (B22) " + step)
                  && r.deviations().get(0).contains("counter 3 instead of the canonical 5"),
              r::report);
        } else {
          assertEquals(List.of(), r.deviations(), r::report);
        }
      }
    }
  }

  @Test
  void corruptedDatagram_isReportedAtItsStepAndByte() {
    CannedContext.Tamper tamper = new CannedContext.Tamper();
    tamper.corruptDatagram = 7;
    tamper.corruptByte = 20;
    TranscriptResult r = run("basic", "alice", tamper);
    assertEquals(1, r.failures().size(), r::report);
    assertTrue(
        r.failures()
            .get(0)
            .startsWith("FAIL step 8 (send, alice): datagram 7 differs at byte 20 (got "),
        r::report);
  }

  @Test
  void canonicalCounterAfterDataTooLarge_failsTheB22Comparison() {
    CannedContext.Tamper tamper = new CannedContext.Tamper();
    tamper.canonicalCounterAfterDataTooLarge = true;
    TranscriptResult r = run("small-mtu", "bob", tamper);
    assertEquals(1, r.failures().size(), r::report);
    assertTrue(
        r.failures().get(0).startsWith("FAIL step 145 (send, bob): datagram 135 differs")
            && r.failures().get(0).contains("re-derived at counter c-2")
            && r.failures().get(0).contains("length and kid match"),
        r::report);
    assertEquals(List.of(), r.deviations());
  }

  @Test
  void unconsumedValue_isALeftoverNamingItsPurpose() {
    CannedContext.Tamper tamper = new CannedContext.Tamper();
    tamper.skipValueSeq = 4;
    TranscriptResult r = run("basic", "bob", tamper);
    assertEquals(List.of(), r.failures(), r::report);
    assertEquals(1, r.leftovers().size(), r::report);
    assertTrue(r.leftovers().get(0).contains("seq 4 (u64 rekey-jitter)"), r::report);
  }

  @Test
  void extraRandomRequest_failsAtItsStep() {
    CannedContext.Tamper tamper = new CannedContext.Tamper();
    tamper.extraKeyIdAtStep = 2;
    TranscriptResult r = run("basic", "bob", tamper);
    assertTrue(
        r.failures()
            .contains(
                "FAIL step 2 (receive, bob): injected values: basic/bob: the"
                    + " implementation asked for another key_id value (4 bytes, during step 2) but the"
                    + " transcript has only 1, all consumed"),
        r::report);
  }

  @Test
  void missingEvents_areReported() {
    CannedContext.Tamper tamper = new CannedContext.Tamper();
    tamper.dropEventsAtStep = 6;
    TranscriptResult r = run("basic", "alice", tamper);
    assertEquals(
        List.of(
            "FAIL step 6 (receive, alice): application saw [], canonical"
                + " [session_established(initiator)]"),
        r.failures(),
        r::report);
  }

  @Test
  void failingFactory_isOneFailure() {
    TranscriptResult r =
        TranscriptRunner.run(
            Transcript.load("rejected"),
            "alice",
            config -> {
              throw new UnsupportedOperationException("not yet");
            });
    assertEquals(
        List.of(
            "FAIL context creation (alice): the factory threw"
                + " java.lang.UnsupportedOperationException: not yet"),
        r.failures());
    assertEquals(0, r.stepsRun());
  }

  @Test
  void diff_describesLengthAndByteDifferences() {
    assertEquals(null, StepChecks.diff(new byte[] {1, 2}, new byte[] {1, 2}));
    assertEquals(
        "differs at byte 1 (got 03, canonical 02)",
        StepChecks.diff(new byte[] {1, 3}, new byte[] {1, 2}));
    assertEquals(
        "is 3 bytes, canonical 2 (identical up to byte 2)",
        StepChecks.diff(new byte[] {1, 2, 3}, new byte[] {1, 2}));
  }
}
