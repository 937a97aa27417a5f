package io.zssp.fuzz;

import io.zssp.api.ProtocolConstants;
import io.zssp.wire.Fragmenter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fragment-header target's seeds in regression mode: the edges (1 byte, one byte either side of
 * each fragment boundary, the 48-fragment maximum and one byte beyond it) at the MTUs the
 * transcripts use and the extremes, with and without header protection, plus seeded random cases.
 */
class FragmentHeaderSeedsTest {
  @Test
  void edgesAndRandomCases_fragmentCanonically() {
    Random rnd = new Random(12);
    for (int mtu : new int[] {ProtocolConstants.MIN_TRANSPORT_MTU, 129, 700, 1432, 1500, 65_535}) {
      int per = mtu - 16;
      int max = Fragmenter.maxPacketSize(mtu);
      for (int len :
          new int[] {1, 3, 4, per - 1, per, per + 1, 2 * per + 1, max - 1, max, max + 1}) {
        if (len < 1 || len > 1 << 22) {
          continue;
        }
        byte[] packet = new byte[len];
        rnd.nextBytes(packet);
        for (boolean protect : new boolean[] {false, true}) {
          FragmentHeaderFuzzTest.check(
              packet, mtu, rnd.nextInt(), rnd.nextInt(256), rnd.nextLong(), protect && len >= 4);
        }
      }
    }
    for (int i = 0; i < 300; i++) {
      int mtu = 128 + rnd.nextInt(1500);
      byte[] packet = new byte[1 + rnd.nextInt(Fragmenter.maxPacketSize(mtu) + 100)];
      rnd.nextBytes(packet);
      FragmentHeaderFuzzTest.check(
          packet, mtu, rnd.nextInt(), rnd.nextInt(256), rnd.nextLong(), packet.length >= 4);
    }
  }
}
