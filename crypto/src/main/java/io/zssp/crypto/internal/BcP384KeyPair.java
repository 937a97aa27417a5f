package io.zssp.crypto.internal;

import io.zssp.crypto.P384;
import java.math.BigInteger;
import org.bouncycastle.util.BigIntegers;

/**
 * A P-384 private scalar d (1 ≤ d &lt; n) and its public key, as created by {@link BcP384}. The
 * owner (a handshake or a static identity) calls {@link #destroy()} when done.
 *
 * <p><b>Erasure.</b> d is held as a {@link BigInteger}, which is immutable and cannot be
 * overwritten; BouncyCastle's arithmetic needs it in that form. {@link #destroy()} therefore only
 * drops the reference so that the value becomes unreachable; it is not wiped from memory. After
 * destroy, {@link #exportPrivateScalar()} and ECDH throw {@link IllegalStateException}; {@link
 * #publicKey()} (not secret) stays available. {@link #toString()} never shows d.
 */
final class BcP384KeyPair extends AbstractP384KeyPair<BigInteger> {
  /** Takes d (already range-checked) and its public key. */
  BcP384KeyPair(BigInteger d, BcP384PublicKey publicKey) {
    super(d, publicKey, "<redacted>");
  }

  @Override
  public byte[] exportPrivateScalar() {
    return BigIntegers.asUnsignedByteArray(P384.PRIVATE_KEY_SIZE_IN_BYTES, key());
  }

  /** A BigInteger cannot be overwritten: dropping the reference is all there is. */
  @Override
  protected void erase(BigInteger d) {}
}
