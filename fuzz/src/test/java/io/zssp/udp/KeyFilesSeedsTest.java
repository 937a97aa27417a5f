package io.zssp.udp;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The key-file target's seeds in regression mode, made at test time: every seed parsed as every
 * target, armoured and not, as is and with seeded random changes (flipped bytes, cuts, extensions).
 */
class KeyFilesSeedsTest {
  @Test
  void everySeed_asIsAndMutated_throwsOnlyDocumentedExceptions() throws IOException {
    List<byte[]> seeds = KeyFilesFuzzTest.seeds();
    Random rnd = new Random(10);
    for (byte[] seed : seeds) {
      for (int round = 0; round < 40; round++) {
        byte[] d = seed.clone();
        if (round > 0) {
          for (int n = 1 + rnd.nextInt(3); n > 0 && d.length > 0; n--) {
            d[rnd.nextInt(d.length)] ^= (byte) (1 + rnd.nextInt(255));
          }
          if (rnd.nextInt(4) == 0) {
            d = Arrays.copyOf(d, rnd.nextInt(d.length + 8));
          }
        }
        for (KeyFilesFuzzTest.Target t : KeyFilesFuzzTest.Target.values()) {
          KeyFilesFuzzTest.parse(t, true, d);
          KeyFilesFuzzTest.parse(t, false, d);
        }
      }
    }
  }
}
