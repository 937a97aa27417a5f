package io.zssp.wire;

/**
 * Key ids are opaque 4-byte values (ZSSP-SPEC §14.1); we hold them as the big-endian int of their
 * wire bytes, which is a lossless, order-free encoding. Zero means "no kid".
 */
public final class Kid {
  private Kid() {}

  public static int read(byte[] b, int off) {
    return ((b[off] & 0xff) << 24)
        | ((b[off + 1] & 0xff) << 16)
        | ((b[off + 2] & 0xff) << 8)
        | (b[off + 3] & 0xff);
  }

  public static byte[] bytes(int kid) {
    return new byte[] {(byte) (kid >>> 24), (byte) (kid >>> 16), (byte) (kid >>> 8), (byte) kid};
  }

  public static String hex(int kid) {
    return String.format("%08x", kid);
  }
}
