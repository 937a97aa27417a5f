package io.zssp.crypto.accp;

import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
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
final class AccpP384KeyPair implements P384KeyPair {
  private final AccpP384PublicKey publicKey;
  private volatile ECPrivateKey key;

  AccpP384KeyPair(ECPrivateKey key, AccpP384PublicKey publicKey) {
    this.key = key;
    this.publicKey = publicKey;
  }

  /** The ACCP private key, for ECDH. */
  ECPrivateKey key() {
    ECPrivateKey k = key;
    if (k == null) {
      throw new IllegalStateException("P-384 key pair has been destroyed");
    }
    return k;
  }

  @Override
  public P384PublicKey publicKey() {
    return publicKey;
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

  @Override
  public void destroy() {
    ECPrivateKey k = key;
    key = null;
    if (k instanceof Destroyable) {
      try {
        ((Destroyable) k).destroy();
      } catch (DestroyFailedException e) {
        // The reference is dropped anyway; the native memory goes with the object.
      }
    }
  }

  @Override
  public boolean isDestroyed() {
    return key == null;
  }

  @Override
  public String toString() {
    return "P384KeyPair[public="
        + publicKey
        + ", private="
        + (isDestroyed() ? "<destroyed>" : "<redacted, AWS-LC>")
        + "]";
  }
}
