package io.zssp.crypto.accp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zssp.crypto.Aes256;
import io.zssp.crypto.Aes256Gcm;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.testing.Aes256GcmContract;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The GCM contract on the native provider (the JDK's cipher under 128 bytes, ACCP from there; ACCP
 * alone at every size is {@link AccpAloneAes256GcmTest}), and the size threshold itself.
 */
class NativeAes256GcmTest extends Aes256GcmContract implements OnNativeProvider {
  /** Around the 128-byte switch from the JDK to ACCP: the same bytes as the default provider. */
  @Test
  void gcm_aroundTheSmallPacketThreshold_sameBytesAsTheDefault_nonceReuseRefusedOnEachSide() {
    Aes256 reference = DefaultCryptoProvider.create().aes256();
    Random rnd = new Random(11);
    byte[] key = new byte[32];
    rnd.nextBytes(key);
    Aes256Gcm gcm = provider().aes256().newGcm(key);
    Aes256Gcm ref = reference.newGcm(key);
    byte[] aad = new byte[20];
    rnd.nextBytes(aad);
    for (int len = 0; len <= 2 * AccpAes256.SMALL_PACKET_BYTES + 1; len++) {
      byte[] nonce = new byte[12];
      nonce[0] = (byte) len;
      nonce[1] = (byte) (len >> 8);
      byte[] pt = new byte[len];
      new Random(len).nextBytes(pt);
      byte[] a = new byte[len + 16];
      byte[] b = new byte[len + 16];
      gcm.seal(nonce, aad, pt, 0, len, a, 0);
      ref.seal(nonce, aad, pt, 0, len, b, 0);
      assertArrayEquals(b, a, "length " + len);
      byte[] back = new byte[len];
      assertEquals(len, gcm.open(nonce, aad, a, 0, a.length, back, 0), "length " + len);
      assertArrayEquals(pt, back, "length " + len);
    }
    byte[] nonce = new byte[12];
    byte[] big = new byte[AccpAes256.SMALL_PACKET_BYTES + 16];
    int large = AccpAes256.SMALL_PACKET_BYTES;
    gcm.seal(nonce, null, big, 0, 10, big, 0); // the JDK's cipher
    assertThrows(IllegalStateException.class, () -> gcm.seal(nonce, null, big, 0, 10, big, 0));
    gcm.seal(nonce, null, big, 0, large, big, 0); // ACCP's
    assertThrows(IllegalStateException.class, () -> gcm.seal(nonce, null, big, 0, large, big, 0));
  }
}
