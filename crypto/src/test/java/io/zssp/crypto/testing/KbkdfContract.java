package io.zssp.crypto.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zssp.crypto.ConstantTime;
import io.zssp.crypto.HmacSha512;
import io.zssp.crypto.Kbkdf;
import io.zssp.testkit.Hex;
import io.zssp.testkit.VectorFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Kbkdf} on a provider's HMAC-SHA-512: every case of kbkdf.json (outputs, message layout and
 * L field), the spec's appendix A values (MixKey, and Split with the empty key), the nominal L of
 * fewer outputs, outputs aliasing the inputs, and the one-time-password label.
 */
public abstract class KbkdfContract implements ProviderUnderTest {
  private static final byte[] ZSSP = ascii("ZSSP");

  private HmacSha512 hmac;
  private Kbkdf kbkdf;

  @BeforeEach
  void setUpKbkdf() {
    hmac = provider().hmacSha512();
    kbkdf = new Kbkdf(hmac);
  }

  @Test
  void vectorFile_allCases_matchEveryOutput() {
    JsonNode cases = VectorFiles.json("kbkdf.json").get("cases");
    assertEquals(13, cases.size(), "kbkdf.json case count");
    List<String> failures = new ArrayList<>();
    for (JsonNode c : cases) {
      String id = "case " + c.get("case").asInt() + " (" + c.get("description").asText() + ")";
      byte[] ikm = VectorFiles.hex(c, "ikm");
      byte[] label = VectorFiles.hex(c, "label");
      byte[] ck = VectorFiles.hex(c, "context_ck");
      int n = c.get("num_outputs").asInt();
      JsonNode expected = c.get("outputs");
      if (ikm.length != c.get("ikm_length").asInt()) {
        failures.add("FAIL " + id + ": ikm_length " + c.get("ikm_length") + " != " + ikm.length);
      }
      if (!Arrays.equals(label, ascii(c.get("label_ascii").asText()))) {
        failures.add("FAIL " + id + ": label hex and label_ascii disagree");
      }
      if (expected.size() != n) {
        failures.add("FAIL " + id + ": " + expected.size() + " outputs listed for n = " + n);
        continue;
      }
      byte[][] got = kbkdf.derive(ikm, label, ck, n);
      for (int i = 0; i < n; i++) {
        if (!Hex.encode(got[i]).equals(expected.get(i).asText())) {
          failures.add(
              "FAIL "
                  + id
                  + ": output "
                  + (i + 1)
                  + " "
                  + Hex.encode(got[i])
                  + " != "
                  + expected.get(i).asText());
        }
      }
      // Output 1 is HMAC(ikm, the informative message): Kbkdf's layout is KbkdfTest's.
      byte[] message = Hex.decode(c.get("informative_hmac_message_for_output_1").asText());
      if (!Hex.encode(hmac.mac(ikm, message)).equals(expected.get(0).asText())) {
        failures.add("FAIL " + id + ": HMAC of the informative message != output 1");
      }
      byte[] first = new byte[Kbkdf.OUTPUT_SIZE_IN_BYTES];
      kbkdf.derive(ikm, label, ck, n, first);
      if (!Hex.encode(first).equals(expected.get(0).asText())) {
        failures.add("FAIL " + id + ": output 1 computed alone differs");
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void appendixA1_mixKeyOnXkNameBlock_matchesSpec() {
    byte[] ck = Arrays.copyOf(ascii("Noise_XKhfs+psk2_P384+Kyber1024_AESGCM_SHA512"), 64);
    byte[] ikm =
        Hex.decode(
            "03a4715dff788914cc831dc051747e9acdcd3ebaa608bddd08c894230b860b9a77"
                + "983a5ecebc496730fedc604cc17d263b");
    byte[][] out = kbkdf.derive(ikm, ZSSP, ck, 2);
    assertEquals(
        "09ca5ac94794572e41bc28aeaa1a616774efa3f330455f9dc2a8e9a40eb13408ca4a03b2d2"
            + "5bb38820c7427f3d3e7b397bee8850c4f38afd7619be3e6f219e5d",
        Hex.encode(out[0]));
    assertEquals(
        "fb837dda7a9cadd74a54a92989eb23c9d55da5ea70b6c2da56eb634e5e1805a7",
        Hex.encode(out[1], 0, 32));
  }

  @Test
  void appendixA2_splitWithEmptyKey_matchesSpecAndOneZeroByteKey() {
    byte[] ck =
        Hex.decode(
            "792557fa4b05751b0dc77a6f7b59605e1d9e5d8b6f637661da0ce4491a626653"
                + "56f3a13ecd08c8ee41638a87e38579e2405aebd5aec79fe2deec58bb2141f349");
    byte[][] empty = kbkdf.derive(new byte[0], ZSSP, ck, 2);
    assertEquals(
        "139e47485f372a2e790a650644ae439e3bd1c8f43555c3341cd87badba3cd547",
        Hex.encode(empty[0], 0, 32));
    assertEquals(
        "96a10790a092e4966cb05898273d57a5b54ceb1a4468eb5edbc0fd979791c375",
        Hex.encode(empty[1], 0, 32));
    byte[][] zeroByte = kbkdf.derive(new byte[1], ZSSP, ck, 2);
    assertArrayEquals(empty[0], zeroByte[0]);
    assertArrayEquals(empty[1], zeroByte[1]);
  }

  @Test
  void derive_fewerOutputsThanNominal_keepsNominalLengthField() {
    byte[] ikm = ascii("ratchet key material");
    byte[] ck = filled(64, 0x5a);
    byte[][] all = kbkdf.derive(ikm, ZSSP, ck, 3);
    byte[] o1 = new byte[64];
    byte[] o2 = new byte[80];
    kbkdf.derive(ikm, ZSSP, ck, 3, o1, o2);
    assertArrayEquals(all[0], o1);
    assertArrayEquals(all[1], Arrays.copyOf(o2, 64));
    assertTrue(ConstantTime.isZero(o2, 64, 16), "bytes past the output must stay untouched");
    byte[][] two = kbkdf.derive(ikm, ZSSP, ck, 2);
    assertTrue(!Arrays.equals(two[0], o1), "L = 0x0400 and L = 0x0600 must give different outputs");
  }

  @Test
  void derive_outputAliasesContextAndIkm_sameResultAsSeparateArrays() {
    byte[] ikm = filled(64, 0x11);
    byte[] ck = filled(64, 0x22);
    byte[][] expected = kbkdf.derive(ikm, ZSSP, ck, 2);
    byte[] ckInPlace = ck.clone();
    byte[] ikmInPlace = ikm.clone();
    kbkdf.derive(ikmInPlace, ZSSP, ckInPlace, 2, ckInPlace, ikmInPlace);
    assertArrayEquals(expected[0], ckInPlace);
    assertArrayEquals(expected[1], ikmInPlace);
  }

  @Test
  void derive_otpLabelOf19Bytes_isPlainHmacOfTheMessage() {
    byte[] label = ascii("ZSSP_OTP_TO_RATCHET");
    byte[] otp = ascii("zssp-vectors one-time password");
    byte[] ck = filled(64, 0x33);
    byte[][] out = kbkdf.derive(otp, label, ck, 2);
    byte[] message2 = new byte[1 + 19 + 1 + 64 + 2];
    message2[0] = 2;
    System.arraycopy(label, 0, message2, 1, 19);
    System.arraycopy(ck, 0, message2, 21, 64);
    message2[85] = 0x04;
    assertArrayEquals(hmac.mac(otp, message2), out[1]);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] filled(int len, int value) {
    byte[] b = new byte[len];
    Arrays.fill(b, (byte) value);
    return b;
  }
}
