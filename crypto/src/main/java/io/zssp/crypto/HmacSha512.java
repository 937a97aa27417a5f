package io.zssp.crypto;

import javax.security.auth.Destroyable;

/**
 * HMAC-SHA-512 (RFC 2104) with keys of any length, <b>including the empty key</b> (ZSSP's Noise
 * Split uses it; HMAC zero-pads short keys, so it equals the one-byte key {@code 00}). Thread-safe;
 * each {@link Context} is single-owner.
 */
public interface HmacSha512 {
  /** MAC size. */
  int MAC_SIZE_IN_BYTES = 64;

  /**
   * A context keyed with {@code key}.
   *
   * @param key any length, may be empty; copied
   */
  Context newContext(byte[] key);

  /** HMAC of the concatenation of {@code parts} under {@code key}. */
  default byte[] mac(byte[] key, byte[]... parts) {
    Context c = newContext(key);
    try {
      for (byte[] p : parts) {
        c.update(p, 0, p.length);
      }
      byte[] out = new byte[MAC_SIZE_IN_BYTES];
      c.doFinal(out, 0);
      return out;
    } finally {
      c.destroy();
    }
  }

  /** One keyed HMAC computation; after {@link #doFinal} it is ready for the next message. */
  interface Context extends Destroyable {
    /** Absorbs {@code in[off, off+len)}. */
    void update(byte[] in, int off, int len);

    /** Absorbs one byte. */
    void update(byte b);

    /** Writes the 64-byte MAC to {@code out[off, off+64)} and resets to the keyed initial state. */
    void doFinal(byte[] out, int off);

    /** Erases the key where the JVM allows; the context becomes unusable. */
    @Override
    void destroy();

    @Override
    boolean isDestroyed();
  }
}
