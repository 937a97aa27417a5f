package io.zssp.crypto.accp;

import io.zssp.crypto.P384;
import io.zssp.crypto.internal.AbstractP384KeyPair;
import java.math.BigInteger;
import java.security.interfaces.ECPrivateKey;
import javax.security.auth.DestroyFailedException;
import javax.security.auth.Destroyable;

/**
 * A P-384 private key held by AWS-LC (ACCP's {@link ECPrivateKey}, a handle on native memory) and
 * its public key, as created by {@link AccpP384}. The owner (a handshake or a static identity)
 * calls {@link #destroy()} when done.
 *
 * <p><b>Erasure.</b> {@link #destroy()} destroys the ACCP key, which frees (and AWS-LC zeroes) the
 * native copy of d. A scalar read out by {@link #exportPrivateScalar()} passes through a {@link
 * BigInteger} that cannot be wiped, as in the default provider. After destroy, {@link
 * #exportPrivateScalar()} and ECDH throw {@link IllegalStateException}; {@link #publicKey()} (not
 * secret) stays available. {@link #toString()} never shows d.
 */
final class AccpP384KeyPair extends AbstractP384KeyPair<ECPrivateKey> {
  AccpP384KeyPair(ECPrivateKey key, AccpP384PublicKey publicKey) {
    super(key, publicKey, "<redacted, AWS-LC>");
  }

  /** The ACCP private key, for ECDH. */
  ECPrivateKey privateKey() {
    return key();
  }

  @Override
  public byte[] exportPrivateScalar() {
    BigInteger d = key().getS();
    byte[] out = new byte[P384.PRIVATE_KEY_SIZE_IN_BYTES];
    byte[] db = d.toByteArray();
    int n = Math.min(db.length, out.length);
    System.arraycopy(db, db.length - n, out, out.length - n, n);
    java.util.Arrays.fill(db, (byte) 0);
    return out;
  }

  /** Destroys the ACCP key, which frees (and AWS-LC zeroes) the native copy of d. */
  @Override
  protected void erase(ECPrivateKey key) {
    if (key instanceof Destroyable) {
      try {
        ((Destroyable) key).destroy();
      } catch (DestroyFailedException e) {
        // The reference is dropped anyway; the native memory goes with the object.
      }
    }
  }
}
