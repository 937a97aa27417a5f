package io.zssp.testkit;

/** Lower-case hex encoding and strict decoding for test vectors. */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  /** Decodes a hex string (either case, no separators, even length). */
  public static byte[] decode(String hex) {
    if ((hex.length() & 1) != 0) {
      throw new IllegalArgumentException("odd-length hex string (length=" + hex.length() + ")");
    }
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(hex.charAt(2 * i), 16);
      int lo = Character.digit(hex.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        throw new IllegalArgumentException("not a hex digit near offset " + (2 * i));
      }
      out[i] = (byte) ((hi << 4) | lo);
    }
    return out;
  }

  /** Encodes bytes as lower-case hex. */
  public static String encode(byte[] bytes) {
    return encode(bytes, 0, bytes.length);
  }

  /** Encodes {@code len} bytes from {@code off} as lower-case hex. */
  public static String encode(byte[] bytes, int off, int len) {
    char[] out = new char[2 * len];
    for (int i = 0; i < len; i++) {
      int b = bytes[off + i] & 0xff;
      out[2 * i] = DIGITS[b >>> 4];
      out[2 * i + 1] = DIGITS[b & 0x0f];
    }
    return new String(out);
  }
}
