package io.zssp.crypto.internal.p384;

import io.zssp.crypto.internal.AbstractP384KeyPair;
import java.util.Arrays;

/**
 * A P-384 private scalar d (1 ≤ d &lt; n, 48 big-endian bytes) and its public key, as created by
 * {@link JavaP384}. The owner (a handshake or a static identity) calls {@link #destroy()} when
 * done; destroy overwrites the scalar's bytes with zeros. {@link #toString()} never shows d.
 */
final class JavaP384KeyPair extends AbstractP384KeyPair<byte[]> {
  /** Takes ownership of d's bytes (already range-checked) and its public key. */
  JavaP384KeyPair(byte[] d, JavaP384PublicKey publicKey) {
    super(d, publicKey, "<redacted>");
  }

  /** The scalar itself (not a copy), for ECDH inside this package. */
  byte[] scalar() {
    return key();
  }

  @Override
  public byte[] exportPrivateScalar() {
    return key().clone();
  }

  @Override
  protected void erase(byte[] d) {
    Arrays.fill(d, (byte) 0);
  }
}
