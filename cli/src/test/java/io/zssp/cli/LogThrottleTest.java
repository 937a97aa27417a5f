package io.zssp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command's output stays bounded under a flood of events (issue 10, quiet logs). */
class LogThrottleTest {
  private long nanos;
  private final List<String> lines = new ArrayList<>();
  private final LogThrottle log = new LogThrottle(5, () -> nanos, lines::add);

  @Test
  void aFlood_printsFiveLinesPerKindPerSecond_andOneSummary() {
    for (int i = 0; i < 100_000; i++) {
      log.line("ChallengeIssued", "challenge issued to " + i);
    }
    log.line("SessionEstablished", "established");
    assertEquals(6, lines.size(), "five challenges and the other kind");
    nanos += 1_000_000_000L;
    log.line("ChallengeIssued", "challenge issued to next");
    assertEquals(
        "... 99995 more 'ChallengeIssued' lines in that second (at most 5 per second are printed)",
        lines.get(6));
    assertEquals("challenge issued to next", lines.get(7));
    for (int second = 0; second < 60; second++) {
      nanos += 1_000_000_000L;
      for (int i = 0; i < 10_000; i++) {
        log.line("ChallengeIssued", "x");
      }
    }
    log.flush();
    assertTrue(lines.size() <= 8 + 60 * 6 + 1, "bounded: " + lines.size());
  }

  @Test
  void quietTraffic_isPrintedInFull_withoutSummaries() {
    for (int i = 0; i < 20; i++) {
      nanos += 300_000_000L; // about three a second
      log.line("Rekeyed", "rekeyed " + i);
    }
    log.flush();
    assertEquals(20, lines.size());
    assertTrue(lines.stream().noneMatch(l -> l.startsWith("...")));
  }
}
