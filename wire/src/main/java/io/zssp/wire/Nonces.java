package io.zssp.wire;

/**
 * The GCM nonce n(type, counter) = 00 00 00 ‖ type ‖ u64be(counter) (ZSSP-SPEC §4.4), whose bytes
 * 2..12 are the 10-byte packet nonce of the fragment header (§6.2).
 */
public final class Nonces {
  private Nonces() {}

  /** A new 12-byte nonce n(type, counter). */
  public static byte[] gcm(int type, long counter) {
    byte[] n = new byte[12];
    n[3] = (byte) type;
    writeU64(n, 4, counter);
    return n;
  }

  /** The GCM nonce rebuilt from a received header's 10-byte packet nonce: 00 00 ‖ nonce10. */
  public static byte[] fromPacketNonce(byte[] header, int packetNonceOff) {
    byte[] n = new byte[12];
    System.arraycopy(header, packetNonceOff, n, 2, 10);
    return n;
  }

  public static void writeU64(byte[] out, int off, long v) {
    for (int i = 0; i < 8; i++) {
      out[off + i] = (byte) (v >>> (56 - 8 * i));
    }
  }

  public static long readU64(byte[] in, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (in[off + i] & 0xff);
    }
    return v;
  }
}
