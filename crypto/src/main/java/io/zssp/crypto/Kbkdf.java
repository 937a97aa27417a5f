package io.zssp.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * ZSSP's key derivation: NIST SP 800-108r1 §4.1 KDF in counter mode with HMAC-SHA-512 as the PRF
 * (ZSSP spec §4.2). Output i (1-based, 64 bytes) is
 *
 * <pre>HMAC-SHA-512(key = ikm, msg = u8(i) ‖ label ‖ 0x00 ‖ context ‖ u16be(512 · n))</pre>
 *
 * where n is the nominal number of outputs. The HMAC key is the input key material and the context
 * is the Noise chaining key: the opposite of Noise's HKDF. In ZSSP the label is 4 ASCII bytes for
 * the Noise uses ({@code ZSSP}, {@code ASKH}, {@code ASKK}, {@code ASKR}) and 19 bytes for the OTP
 * ({@code ZSSP_OTP_TO_RATCHET}); any label and context length is accepted, and {@code ikm} may be
 * empty (the Noise Split).
 *
 * <p>Thread-safe if the {@link HmacSha512} is (the default one is). No argument array is retained;
 * output arrays may alias {@code ikm}, {@code label} or {@code context} (for example {@code ck ←
 * out_1} in place), because both are copied before the first output is written. The temporary copy
 * of the message, which contains the context, is wiped before returning.
 */
public final class Kbkdf {
  /** Size of each output. */
  public static final int OUTPUT_SIZE_IN_BYTES = HmacSha512.MAC_SIZE_IN_BYTES;

  /** Largest nominal number of outputs ZSSP uses. */
  public static final int MAX_OUTPUTS = 3;

  private final HmacSha512 hmac;

  /** A KBKDF computing its PRF with {@code hmac}. */
  public Kbkdf(HmacSha512 hmac) {
    this.hmac = Objects.requireNonNull(hmac, "hmac");
  }

  /**
   * Derives all {@code count} outputs.
   *
   * @param ikm the HMAC key, any length (may be empty)
   * @param count 1 to 3; also the nominal n in the L field
   * @return {@code count} new 64-byte arrays, owned by the caller (who should wipe them)
   */
  public byte[][] derive(byte[] ikm, byte[] label, byte[] context, int count) {
    checkNominalCount(count);
    byte[][] outputs = new byte[count][OUTPUT_SIZE_IN_BYTES];
    derive(ikm, label, context, count, outputs);
    return outputs;
  }

  /**
   * Derives the first {@code outputs.length} of {@code nominalCount} outputs: output i (1-based) is
   * written to {@code outputs[i-1][0, 64)}. The L field still encodes {@code nominalCount} (spec
   * §4.2: MixKeyAndHash always uses L = 0x0600 even where only two outputs are needed).
   *
   * @param nominalCount n in the L field, 1 to 3
   * @param outputs 1 to {@code nominalCount} arrays of at least 64 bytes each
   */
  public void derive(
      byte[] ikm, byte[] label, byte[] context, int nominalCount, byte[]... outputs) {
    Objects.requireNonNull(ikm, "ikm");
    checkNominalCount(nominalCount);
    Objects.requireNonNull(outputs, "outputs");
    if (outputs.length < 1 || outputs.length > nominalCount) {
      throw new IllegalArgumentException(
          "expected 1 to " + nominalCount + " outputs, got " + outputs.length);
    }
    for (int i = 0; i < outputs.length; i++) {
      Objects.requireNonNull(outputs[i], "outputs[" + i + "]");
      if (outputs[i].length < OUTPUT_SIZE_IN_BYTES) {
        throw new IllegalArgumentException(
            "outputs["
                + i
                + "] has "
                + outputs[i].length
                + " bytes, needs "
                + OUTPUT_SIZE_IN_BYTES);
      }
    }
    byte[] message = message(1, label, context, nominalCount);
    HmacSha512.Context mac = hmac.newContext(ikm);
    try {
      for (int i = 1; i <= outputs.length; i++) {
        message[0] = (byte) i;
        mac.update(message, 0, message.length);
        mac.doFinal(outputs[i - 1], 0);
      }
    } finally {
      mac.destroy();
      Arrays.fill(message, (byte) 0);
    }
  }

  /**
   * The PRF input for output {@code counter}: {@code u8(counter) ‖ label ‖ 0x00 ‖ context ‖
   * u16be(512 · nominalCount)} (72 bytes for a 4-byte label and a 64-byte context). Exposed to the
   * tests, which compare it with the vector files' informative messages.
   */
  static byte[] message(int counter, byte[] label, byte[] context, int nominalCount) {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(context, "context");
    int lengthInBits = 8 * OUTPUT_SIZE_IN_BYTES * nominalCount;
    byte[] m = new byte[1 + label.length + 1 + context.length + 2];
    int p = 0;
    m[p++] = (byte) counter;
    System.arraycopy(label, 0, m, p, label.length);
    p += label.length;
    m[p++] = 0x00;
    System.arraycopy(context, 0, m, p, context.length);
    p += context.length;
    m[p++] = (byte) (lengthInBits >>> 8);
    m[p] = (byte) lengthInBits;
    return m;
  }

  private static void checkNominalCount(int n) {
    if (n < 1 || n > MAX_OUTPUTS) {
      throw new IllegalArgumentException(
          "number of outputs must be 1 to " + MAX_OUTPUTS + ", got " + n);
    }
  }
}
