package io.zssp.crypto.internal;

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
import org.junit.jupiter.api.Test;

/**
 * {@link BcP384#decodePublicKey}: every malformed input is rejected with an {@link
 * InvalidKeyException} and nothing else, and every accepted input re-encodes to itself.
 */
class P384DecodeTest {
  private static final JsonNode VECTORS = VectorFiles.json("p384.json");
  private static final BigInteger P =
      new BigInteger(
          "ffffffffffffffffffffffffffffffff"
              + "fffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
          16);

  private final P384 p384 = new BcP384(new SecureRandomSource());

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
    assertTrue(
        assertThrows(InvalidKeyException.class, () -> p384.decodePublicKey(bad))
            .getMessage()
            .contains("0x04"));
    assertTrue(
        assertThrows(InvalidKeyException.class, () -> p384.decodePublicKey(withX(2, P)))
            .getMessage()
            .contains("field prime"));
    byte[] noPoint =
        Hex.decode(VECTORS.get("invalid_public_keys").get(4).get("public_compressed").asText());
    assertTrue(
        assertThrows(InvalidKeyException.class, () -> p384.decodePublicKey(noPoint))
            .getMessage()
            .contains("no P-384 point"));
  }

  @Test
  void decodePublicKey_randomCompressedInputs_onlyInvalidKeyExceptionAndExactReencoding() {
    Random rnd = new Random(0x2551);
    int accepted = 0;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      byte[] in = new byte[49];
      rnd.nextBytes(in);
      in[0] = (byte) (2 + (i & 1));
      if (i % 1000 == 0) {
        Arrays.fill(in, 1, 1 + rnd.nextInt(48), (byte) (i % 2000 == 0 ? 0xff : 0x00));
      }
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
