package io.zssp.crypto.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zssp.crypto.P384;
import io.zssp.crypto.P384PublicKey;
import io.zssp.testkit.Hex;
import io.zssp.testkit.VectorFiles;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A provider's {@link P384#decodePublicKey}: every malformed input is rejected with an {@link
 * InvalidKeyException} and nothing else, with the default provider's wording, and every accepted
 * input re-encodes to itself.
 */
public abstract class P384DecodeContract implements ProviderUnderTest {
  private static final JsonNode VECTORS = VectorFiles.json("p384.json");
  private static final BigInteger P =
      new BigInteger(
          "ffffffffffffffffffffffffffffffff"
              + "fffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
          16);

  private P384 p384;

  @BeforeEach
  void setUpP384() {
    p384 = provider().p384();
  }

  /**
   * 20,000 compressed inputs with prefix 02 or 03 and a random x (every 1000th with a run of
   * leading 00 or ff bytes), from a fixed seed: about half are abscissas of curve points. Shared
   * with the differential tests, which compare providers on the same inputs.
   */
  public static List<byte[]> randomCompressedInputs() {
    Random rnd = new Random(0x2551);
    List<byte[]> inputs = new ArrayList<>(20_000);
    for (int i = 0; i < 20_000; i++) {
      byte[] in = new byte[49];
      rnd.nextBytes(in);
      in[0] = (byte) (2 + (i & 1));
      if (i % 1000 == 0) {
        Arrays.fill(in, 1, 1 + rnd.nextInt(48), (byte) (i % 2000 == 0 ? 0xff : 0x00));
      }
      inputs.add(in);
    }
    return inputs;
  }

  @Test
  void vectors_invalidPublicKeys_rejectedWithInvalidKeyException() {
    JsonNode invalid = VECTORS.get("invalid_public_keys");
    assertEquals(5, invalid.size());
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < invalid.size(); i++) {
      JsonNode c = invalid.get(i);
      String problem = decodeProblem(VectorFiles.hex(c, "public_compressed"));
      if (problem != null) {
        failures.add("FAIL case " + i + " (" + c.get("description").asText() + "): " + problem);
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void decodePublicKey_malformedInputs_rejectedWithInvalidKeyException() throws Exception {
    byte[] valid = Hex.decode(VECTORS.get("cases").get(0).get("public_compressed").asText());
    byte[] uncompressed =
        CustomNamedCurves.getByName("secp384r1").getCurve().decodePoint(valid).getEncoded(false);
    assertEquals(97, uncompressed.length);
    List<byte[]> inputs = new ArrayList<>();
    inputs.add(null);
    for (int len : new int[] {0, 1, 48, 50, 97}) {
      inputs.add(Arrays.copyOf(valid, len));
    }
    inputs.add(uncompressed);
    for (int prefix : new int[] {0x00, 0x01, 0x04, 0x05, 0x06, 0x07, 0xff}) {
      byte[] k = valid.clone();
      k[0] = (byte) prefix;
      inputs.add(k);
    }
    for (int prefix = 2; prefix <= 3; prefix++) {
      inputs.add(withX(prefix, P));
      inputs.add(withX(prefix, P.add(BigInteger.ONE)));
      inputs.add(withX(prefix, BigInteger.ONE.shiftLeft(384).subtract(BigInteger.ONE)));
    }
    inputs.add(new byte[] {0x00});
    inputs.add(new byte[49]);
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      byte[] in = inputs.get(i);
      String problem = decodeProblem(in);
      if (problem != null) {
        failures.add(
            "FAIL case " + i + " (" + (in == null ? "null" : Hex.encode(in)) + "): " + problem);
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void decodePublicKey_rejections_nameTheDefect() {
    assertEquals(
        "expected 49-byte compressed P-384 public key, got 97 bytes",
        assertThrows(InvalidKeyException.class, () -> p384.decodePublicKey(new byte[97]))
            .getMessage());
    byte[] bad = new byte[49];
    bad[0] = 0x04;
    assertEquals(
        "compressed P-384 public key must start with 0x02 or 0x03, got 0x04",
        assertThrows(InvalidKeyException.class, () -> p384.decodePublicKey(bad)).getMessage());
    assertEquals(
        "P-384 public key x-coordinate is not less than the field prime p",
        assertThrows(InvalidKeyException.class, () -> p384.decodePublicKey(withX(2, P)))
            .getMessage());
    byte[] noPoint =
        Hex.decode(VECTORS.get("invalid_public_keys").get(4).get("public_compressed").asText());
    assertTrue(
        assertThrows(InvalidKeyException.class, () -> p384.decodePublicKey(noPoint))
            .getMessage()
            .startsWith("no P-384 point has this x-coordinate ("));
  }

  @Test
  void decodePublicKey_randomCompressedInputs_onlyInvalidKeyExceptionAndExactReencoding() {
    List<byte[]> inputs = randomCompressedInputs();
    int accepted = 0;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      byte[] in = inputs.get(i);
      try {
        P384PublicKey key = p384.decodePublicKey(in);
        accepted++;
        if (!Arrays.equals(in, key.encoded())) {
          failures.add("FAIL case " + i + " (" + Hex.encode(in) + "): re-encodes differently");
        }
      } catch (InvalidKeyException expected) {
        // the only permitted failure
      } catch (RuntimeException e) {
        failures.add("FAIL case " + i + " (" + Hex.encode(in) + "): " + e);
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
    // About half of all x < p are abscissas of curve points.
    assertTrue(accepted > 9_000 && accepted < 11_000, "accepted " + accepted + " of 20000");
  }

  /** Null if {@code in} is rejected exactly as required, else what went wrong. */
  private String decodeProblem(byte[] in) {
    try {
      P384PublicKey k = p384.decodePublicKey(in);
      return "accepted as " + k;
    } catch (InvalidKeyException e) {
      return e.getMessage() == null || e.getMessage().isEmpty() ? "no message" : null;
    } catch (RuntimeException e) {
      return "threw " + e;
    }
  }

  private static byte[] withX(int prefix, BigInteger x) {
    byte[] k = new byte[49];
    k[0] = (byte) prefix;
    BigIntegers.asUnsignedByteArray(x, k, 1, 48);
    return k;
  }
}
