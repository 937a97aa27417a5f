package io.zssp.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.zssp.testkit.VectorFiles;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Self-test of {@link DataDatagrams}: at the canonical counter it must reproduce every DATA
 * datagram of every transcript byte for byte (so the B22 re-derivation rests on checked code).
 */
class DataDatagramsTest {
  @Test
  void everyCanonicalDataPacket_isReproducedAtItsOwnCounter() {
    int packets = 0;
    for (String name : Transcript.NAMES) {
      Transcript t = Transcript.load(name);
      for (JsonNode step : t.steps()) {
        List<Integer> emitted = Transcript.ints(step, "emitted_datagrams");
        if (!step.get("op").asText().equals("send") || emitted.isEmpty()) {
          continue;
        }
        int mtu = t.side(step.get("actor").asText()).get("mtu").asInt();
        byte[] payload = VectorFiles.hex(step, "payload_hex");
        List<byte[]> built = DataDatagrams.rederive(t, emitted, payload, mtu, 0);
        assertEquals(emitted.size(), built.size(), name + " step " + step.get("step"));
        for (int i = 0; i < built.size(); i++) {
          assertArrayEquals(
              t.datagramBytes(emitted.get(i)),
              built.get(i),
              name + " step " + step.get("step") + " datagram " + emitted.get(i));
        }
        packets++;
      }
    }
    assertEquals(42, packets, "DATA packets in the seven transcripts");
  }

  @Test
  void smallMtuB22_shiftedCounter_sameLengthAndKidOtherBytes() {
    Transcript t = Transcript.load("small-mtu");
    for (int step : new int[] {89, 145}) {
      JsonNode s = t.steps().get(step);
      assertEquals("send", s.get("op").asText());
      List<Integer> emitted = Transcript.ints(s, "emitted_datagrams");
      byte[] canonical = t.datagramBytes(emitted.get(0));
      assertEquals(5, t.datagram(emitted.get(0)).get("informative").get("counter").asInt());
      byte[] shifted =
          DataDatagrams.rederive(t, emitted, VectorFiles.hex(s, "payload_hex"), 128, 2).get(0);
      assertEquals(canonical.length, shifted.length);
      assertArrayEquals(Arrays.copyOf(canonical, 4), Arrays.copyOf(shifted, 4));
      assertFalse(Arrays.equals(canonical, shifted));
    }
  }
}
