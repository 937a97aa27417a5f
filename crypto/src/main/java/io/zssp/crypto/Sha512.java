package io.zssp.crypto;

/** SHA-512 (FIPS 180-4). Thread-safe; each {@link Digest} is single-owner. */
public interface Sha512 {
  /** Digest size. */
  int DIGEST_SIZE_IN_BYTES = 64;

  /** A new incremental digest. */
  Digest newDigest();

  /** SHA-512 of the concatenation of {@code parts}. */
  default byte[] hash(byte[]... parts) {
    Digest d = newDigest();
    for (byte[] p : parts) {
      d.update(p, 0, p.length);
    }
    byte[] out = new byte[DIGEST_SIZE_IN_BYTES];
    d.doFinal(out, 0);
    return out;
  }

  /** An incremental SHA-512 computation; reusable after {@link #doFinal}. Not thread-safe. */
  interface Digest {
    /** Absorbs {@code in[off, off+len)}. */
    void update(byte[] in, int off, int len);

    /** Writes the 64-byte digest to {@code out[off, off+64)} and resets to the initial state. */
    void doFinal(byte[] out, int off);
  }
}
