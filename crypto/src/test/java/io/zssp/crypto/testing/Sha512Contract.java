package io.zssp.crypto.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.crypto.Sha512;
import io.zssp.testkit.Hex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A provider's SHA-512: FIPS 180-2, incremental updates, several parts, offsets and bounds. */
public abstract class Sha512Contract implements ProviderUnderTest {
  private Sha512 sha;

  /** FIPS 180-2 Appendix C (SHA-512 examples) and the empty message. */
  private static final String[][] KNOWN_ANSWERS = {
    {
      "",
      "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
          + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"
    },
    {
      "abc",
      "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
          + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
    },
    {
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqr"
          + "lmnopqrsmnopqrstnopqrstu",
      "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
          + "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"
    },
  };

  @BeforeEach
  void setUpSha() {
    sha = provider().sha512();
  }

  @Test
  void hash_fipsVectors_match() {
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < KNOWN_ANSWERS.length; i++) {
      byte[] msg = KNOWN_ANSWERS[i][0].getBytes(StandardCharsets.US_ASCII);
      String got = Hex.encode(sha.hash(msg));
      if (!got.equals(KNOWN_ANSWERS[i][1])) {
        failures.add("FAIL case " + i + " (\"" + KNOWN_ANSWERS[i][0] + "\"): " + got);
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void digest_incrementalAtEverySplit_equalsOneShot() {
    byte[] data = new byte[300];
    new Random(1).nextBytes(data);
    byte[] expected = sha.hash(data);
    Sha512.Digest d = sha.newDigest();
    byte[] out = new byte[64];
    List<String> failures = new ArrayList<>();
    for (int split = 0; split <= data.length; split += 7) {
      d.update(data, 0, split);
      d.update(data, split, data.length - split);
      d.doFinal(out, 0);
      if (!Hex.encode(out).equals(Hex.encode(expected))) {
        failures.add("FAIL split " + split);
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void hash_multipleParts_equalsConcatenation() {
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
    assertArrayEquals(
        sha.hash(abc),
        sha.hash(
            "a".getBytes(StandardCharsets.US_ASCII),
            new byte[0],
            "bc".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void doFinal_atOffset_writesOnlyThe64Bytes() {
    Sha512.Digest d = sha.newDigest();
    byte[] out = new byte[80];
    d.update("abc".getBytes(StandardCharsets.US_ASCII), 0, 3);
    d.doFinal(out, 8);
    assertEquals(KNOWN_ANSWERS[1][1], Hex.encode(out, 8, 64));
    assertTrue(io.zssp.crypto.ConstantTime.isZero(out, 0, 8));
    assertTrue(io.zssp.crypto.ConstantTime.isZero(out, 72, 8));
    // doFinal reset the digest: hashing nothing now gives SHA-512("").
    d.doFinal(out, 0);
    assertEquals(KNOWN_ANSWERS[0][1], Hex.encode(out, 0, 64));
  }

  @Test
  void doFinal_outputTooSmall_throwsIndexOutOfBounds() {
    Sha512.Digest d = sha.newDigest();
    assertThrows(IndexOutOfBoundsException.class, () -> d.doFinal(new byte[64], 1));
    assertThrows(IndexOutOfBoundsException.class, () -> d.update(new byte[4], 2, 3));
  }
}
