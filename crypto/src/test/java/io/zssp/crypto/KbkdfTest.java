package io.zssp.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zssp.testkit.Hex;
import io.zssp.testkit.VectorFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Kbkdf}'s own logic, whatever the HMAC: the message layout and argument checks. Its outputs
 * on each provider's HMAC are {@code io.zssp.crypto.testing.KbkdfContract}'s.
 */
class KbkdfTest {
  private static final Kbkdf KBKDF = new Kbkdf(DefaultCryptoProvider.create().hmacSha512());
  private static final byte[] ZSSP = ascii("ZSSP");

  @Test
  void vectorFile_allCases_messageAndLengthFieldAsRecorded() {
    JsonNode cases = VectorFiles.json("kbkdf.json").get("cases");
    assertEquals(13, cases.size(), "kbkdf.json case count");
    List<String> failures = new ArrayList<>();
    for (JsonNode c : cases) {
      String id = "case " + c.get("case").asInt() + " (" + c.get("description").asText() + ")";
      int n = c.get("num_outputs").asInt();
      byte[] message =
          Kbkdf.message(1, VectorFiles.hex(c, "label"), VectorFiles.hex(c, "context_ck"), n);
      String wantMessage = c.get("informative_hmac_message_for_output_1").asText();
      if (!Hex.encode(message).equals(wantMessage)) {
        failures.add("FAIL " + id + ": message " + Hex.encode(message) + " != " + wantMessage);
      }
      String lField = Hex.encode(message, message.length - 2, 2);
      if (!lField.equals(c.get("L_field").asText())) {
        failures.add("FAIL " + id + ": L field " + lField + " != " + c.get("L_field").asText());
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void message_otpLabelOf19Bytes_is87Bytes() {
    byte[] label = ascii("ZSSP_OTP_TO_RATCHET");
    byte[] ck = filled(64, 0x33);
    byte[] message2 = new byte[1 + 19 + 1 + 64 + 2];
    message2[0] = 2;
    System.arraycopy(label, 0, message2, 1, 19);
    System.arraycopy(ck, 0, message2, 21, 64);
    message2[85] = 0x04;
    assertArrayEquals(message2, Kbkdf.message(2, label, ck, 2));
  }

  @Test
  void message_noiseLayout_is72Bytes() {
    byte[] m = Kbkdf.message(3, ascii("ASKR"), filled(64, 0x77), 3);
    assertEquals(72, m.length);
    assertEquals(3, m[0]);
    assertEquals(0, m[5]);
    assertEquals(0x06, m[70]);
    assertEquals(0x00, m[71]);
  }

  @Test
  void derive_invalidArguments_throw() {
    byte[] ck = new byte[64];
    assertThrows(IllegalArgumentException.class, () -> KBKDF.derive(ck, ZSSP, ck, 0));
    assertThrows(IllegalArgumentException.class, () -> KBKDF.derive(ck, ZSSP, ck, 4));
    assertThrows(
        IllegalArgumentException.class,
        () -> KBKDF.derive(ck, ZSSP, ck, 1, new byte[64], new byte[64]));
    assertThrows(
        IllegalArgumentException.class, () -> KBKDF.derive(ck, ZSSP, ck, 2, new byte[0][]));
    assertThrows(IllegalArgumentException.class, () -> KBKDF.derive(ck, ZSSP, ck, 2, new byte[63]));
    assertThrows(NullPointerException.class, () -> KBKDF.derive(null, ZSSP, ck, 2));
    assertThrows(NullPointerException.class, () -> KBKDF.derive(ck, null, ck, 2));
    assertThrows(NullPointerException.class, () -> KBKDF.derive(ck, ZSSP, null, 2));
    assertThrows(NullPointerException.class, () -> new Kbkdf(null));
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
