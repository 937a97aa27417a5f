package io.zssp.crypto.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.crypto.HmacSha512;
import io.zssp.testkit.Hex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A provider's HMAC-SHA-512: RFC 4231, the empty key of the Noise Split (against BouncyCastle),
 * context reuse, single bytes and offsets, key ownership, destroy and bounds.
 */
public abstract class HmacSha512Contract implements ProviderUnderTest {
  private HmacSha512 hmac;

  private static byte[] repeat(int value, int count) {
    byte[] b = new byte[count];
    Arrays.fill(b, (byte) value);
    return b;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** RFC 4231 section 4: test cases 1, 2, 3, 6 and 7 (key, data, HMAC-SHA-512). */
  private static final Object[][] RFC_4231 = {
    {
      1,
      repeat(0x0b, 20),
      ascii("Hi There"),
      "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
          + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"
    },
    {
      2,
      ascii("Jefe"),
      ascii("what do ya want for nothing?"),
      "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
          + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
    },
    {
      3,
      repeat(0xaa, 20),
      repeat(0xdd, 50),
      "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
          + "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"
    },
    {
      6,
      repeat(0xaa, 131),
      ascii("Test Using Larger Than Block-Size Key - Hash Key First"),
      "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
          + "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"
    },
    {
      7,
      repeat(0xaa, 131),
      ascii(
          "This is a test using a larger than block-size key and a larger"
              + " than block-size data. The key needs to be hashed before being used by the HMAC"
              + " algorithm."),
      "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
          + "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"
    },
  };

  @BeforeEach
  void setUpHmac() {
    hmac = provider().hmacSha512();
  }

  @Test
  void mac_rfc4231Cases_match() {
    List<String> failures = new ArrayList<>();
    for (Object[] c : RFC_4231) {
      String got = Hex.encode(hmac.mac((byte[]) c[1], (byte[]) c[2]));
      if (!got.equals(c[3])) {
        failures.add("FAIL case " + c[0] + " (RFC 4231 test case " + c[0] + "): " + got);
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void mac_emptyKey_equalsZeroKeysUpToBlockSizeAndBouncyCastle() {
    byte[] msg = ascii("Split");
    byte[] empty = hmac.mac(new byte[0], msg);
    assertArrayEquals(empty, hmac.mac(new byte[1], msg));
    assertArrayEquals(empty, hmac.mac(new byte[128], msg));
    assertFalse(
        Arrays.equals(empty, hmac.mac(new byte[129], msg)),
        "a 129-byte zero key is hashed first and must differ");
    HMac bc = new HMac(new SHA512Digest());
    bc.init(new KeyParameter(new byte[0]));
    bc.update(msg, 0, msg.length);
    byte[] independent = new byte[64];
    bc.doFinal(independent, 0);
    assertArrayEquals(independent, empty);
  }

  @Test
  void doFinal_contextReused_resetsToKeyedState() {
    byte[] key = ascii("Jefe");
    HmacSha512.Context c = hmac.newContext(key);
    byte[] first = new byte[64];
    byte[] second = new byte[64];
    byte[] m1 = ascii("what do ya want for nothing?");
    byte[] m2 = ascii("something else");
    c.update(m1, 0, m1.length);
    c.doFinal(first, 0);
    c.update(m2, 0, m2.length);
    c.doFinal(second, 0);
    assertEquals(RFC_4231[1][3], Hex.encode(first));
    assertArrayEquals(hmac.mac(key, m2), second);
    c.update(m1, 0, m1.length);
    c.doFinal(second, 0);
    assertArrayEquals(first, second);
  }

  @Test
  void update_singleBytesAndOffsets_equalOneShot() {
    byte[] msg = ascii("xxwhat do ya want for nothing?yy");
    HmacSha512.Context c = hmac.newContext(ascii("Jefe"));
    c.update(msg[2]);
    c.update(msg, 3, msg.length - 5);
    byte[] out = new byte[70];
    c.doFinal(out, 3);
    assertEquals(RFC_4231[1][3], Hex.encode(out, 3, 64));
  }

  @Test
  void newContext_keyArrayWipedAfterwards_macUnchanged() {
    byte[] key = ascii("Jefe");
    HmacSha512.Context c = hmac.newContext(key);
    Arrays.fill(key, (byte) 0);
    byte[] msg = ascii("what do ya want for nothing?");
    c.update(msg, 0, msg.length);
    byte[] out = new byte[64];
    c.doFinal(out, 0);
    assertEquals(RFC_4231[1][3], Hex.encode(out));
  }

  @Test
  void destroy_thenUse_throwsIllegalState() {
    HmacSha512.Context c = hmac.newContext(ascii("key"));
    assertFalse(c.isDestroyed());
    c.destroy();
    c.destroy();
    assertTrue(c.isDestroyed());
    assertThrows(IllegalStateException.class, () -> c.update((byte) 1));
    assertThrows(IllegalStateException.class, () -> c.update(new byte[1], 0, 1));
    assertThrows(IllegalStateException.class, () -> c.doFinal(new byte[64], 0));
  }

  @Test
  void doFinal_outputTooSmall_throwsIndexOutOfBounds() {
    HmacSha512.Context c = hmac.newContext(new byte[0]);
    assertThrows(IndexOutOfBoundsException.class, () -> c.doFinal(new byte[63], 0));
    assertThrows(NullPointerException.class, () -> hmac.newContext(null));
  }
}
