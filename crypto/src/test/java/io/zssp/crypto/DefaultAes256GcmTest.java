package io.zssp.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zssp.crypto.testing.Aes256GcmContract;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DefaultAes256GcmTest extends Aes256GcmContract implements OnDefaultProvider {
  /**
   * Stricter than the contract: SunJCE checks the tag before it writes anything, so a failed open
   * leaves the output range and an in-place input untouched at every size.
   */
  @Test
  void open_tamperedPacket_leavesInPlaceInputAndSeparateOutputUntouched() {
    Random rnd = new Random(3);
    byte[] key = new byte[32];
    rnd.nextBytes(key);
    Aes256Gcm gcm = provider().aes256().newGcm(key);
    for (int len : new int[] {0, 1, 60, 127, 128, 1400}) {
      byte[] nonce = new byte[12];
      nonce[11] = (byte) len;
      nonce[10] = (byte) (len >> 8);
      byte[] packet = new byte[len + 16];
      rnd.nextBytes(packet);
      gcm.seal(nonce, null, packet, 0, len, packet, 0);
      packet[rnd.nextInt(packet.length)] ^= 1;
      byte[] before = packet.clone();
      assertEquals(-1, gcm.open(nonce, null, packet, 0, packet.length, packet, 0));
      assertArrayEquals(before, packet, "in place, length " + len);
      byte[] out = new byte[len + 3];
      Arrays.fill(out, (byte) 0x5a);
      assertEquals(-1, gcm.open(nonce, null, packet, 0, packet.length, out, 3));
      byte[] untouched = new byte[len + 3];
      Arrays.fill(untouched, (byte) 0x5a);
      assertArrayEquals(untouched, out, "separate output, length " + len);
    }
  }
}
