package io.zssp.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zssp.api.ContextConfig;
import io.zssp.api.ZsspContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vector-transcript conformance suite: every side of every canonical transcript (7 × {alice,
 * bob}) is run in single-endpoint mode against the implementation under test and must reproduce
 * every datagram byte for byte and consume exactly the injected values. An implementation plugs in
 * by subclassing and implementing {@link #newContext(ContextConfig)}:
 *
 * <pre>{@code
 * class ReferenceTranscriptConformanceTest extends TranscriptConformanceTest {
 *   @Override
 *   protected ZsspContext newContext(ContextConfig config) {
 *     return ReferenceZssp.newContext(config);
 *   }
 * }
 * }</pre>
 *
 * The subclass lives in this module (add a test-scoped dependency on the implementation's
 * artifact); the test methods are inherited, so it may sit in any package. Each case prints its
 * {@link TranscriptResult#report()}, including the intended deviations (spec §13 B22 in {@code
 * small-mtu}) and informative notes.
 */
public abstract class TranscriptConformanceTest {
  /**
   * A new context of the implementation under test, made from exactly {@code config} (its crypto
   * provider, clock, sender, store and application are the harness's; do not replace them).
   */
  protected abstract ZsspContext newContext(ContextConfig config);

  static Stream<Arguments> transcriptSides() {
    List<Arguments> out = new ArrayList<>();
    for (String name : Transcript.NAMES) {
      for (String side : Transcript.SIDES) {
        out.add(Arguments.of(name, side));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}/{1}")
  @MethodSource("io.zssp.conformance.TranscriptConformanceTest#transcriptSides")
  void transcript_singleEndpoint_matchesCanonicalBytes(String name, String side) {
    TranscriptResult r = TranscriptRunner.run(Transcript.load(name), side, this::newContext);
    System.out.println(r.report());
    assertEquals(List.of(), r.failures(), r::report);
    assertEquals(List.of(), r.leftovers(), r::report);
  }

  @Test
  void transcriptFiles_loadAndEverySideHasSteps() {
    checkTranscriptFiles();
  }

  /**
   * Every transcript loads (hash-checked), each side has at least one step, every emitted datagram
   * is listed exactly once and was sent by the step's actor, and every received datagram came from
   * the other side.
   */
  static void checkTranscriptFiles() {
    for (String name : Transcript.NAMES) {
      Transcript t = Transcript.load(name);
      assertEquals("zssp-wire-vectors/1", t.root().get("format").asText(), name);
      assertEquals(name, t.root().get("scenario").asText());
      for (String side : Transcript.SIDES) {
        assertFalse(t.stepsOf(side).isEmpty(), name + ": no step for " + side);
        assertFalse(t.side(side).get("injected_values").isEmpty(), name + "/" + side);
      }
      Set<Integer> emitted = new HashSet<>();
      for (JsonNode step : t.steps()) {
        String actor = step.get("actor").asText();
        for (int j : Transcript.ints(step, "emitted_datagrams")) {
          assertTrue(emitted.add(j), name + ": datagram " + j + " emitted twice");
          assertEquals(actor, t.datagram(j).get("sender").asText(), name + " datagram " + j);
        }
        if (step.get("op").asText().equals("receive")) {
          JsonNode d = t.datagram(step.get("datagram").asInt());
          assertEquals(Transcript.other(actor), d.get("sender").asText(), name + " " + step);
        }
      }
      assertEquals(t.root().get("datagrams").size(), emitted.size(), name);
    }
  }
}
