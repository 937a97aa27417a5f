package io.zssp.udp;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The ratchet-record targets' seeds in regression mode, made at test time: every seed record
 * decoded and loaded through the store as is, then with seeded random changes (flipped bytes, cut
 * or extended, each with and without a recomputed checksum).
 */
class RatchetRecordSeedsTest {
  @Test
  void everySeed_asIsAndMutated_throwsOnlyDocumentedExceptions() throws IOException {
    Random rnd = new Random(11);
    for (byte[] seed : RatchetRecordFuzzTest.seeds()) {
      for (int round = 0; round < 60; round++) {
        byte[] d = seed.clone();
        if (round > 0) {
          for (int n = 1 + rnd.nextInt(3); n > 0; n--) {
            d[rnd.nextInt(d.length)] ^= (byte) (1 + rnd.nextInt(255));
          }
          if (rnd.nextInt(4) == 0) {
            d = Arrays.copyOf(d, rnd.nextInt(d.length + 40));
          }
          if (rnd.nextBoolean()) {
            RatchetRecordFuzzTest.fixChecksum(d);
          }
        }
        RatchetRecordFuzzTest.decode(d);
        RatchetRecordFuzzTest.load(d);
      }
    }
  }
}
