package io.zssp.crypto.internal;

import io.zssp.crypto.Sha512;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The default {@link Sha512}: JDK {@code MessageDigest "SHA-512"} (SHA-512 compression is a HotSpot
 * intrinsic). The factory is stateless and thread-safe; each {@link Sha512.Digest} owns one {@code
 * MessageDigest} and belongs to one thread at a time.
 */
public final class JdkSha512 implements Sha512 {
  /** Creates the factory. */
  public JdkSha512() {}

  @Override
  public Digest newDigest() {
    return new JdkDigest(newMessageDigest());
  }

  /** A JDK SHA-512 {@code MessageDigest}, which every JDK must provide. */
  static MessageDigest newMessageDigest() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK lacks mandatory SHA-512", e);
    }
  }

  /** An incremental SHA-512 on one {@code MessageDigest}; reset by every {@link #doFinal}. */
  private static final class JdkDigest implements Digest {
    private final MessageDigest md;

    JdkDigest(MessageDigest md) {
      this.md = md;
    }

    @Override
    public void update(byte[] in, int off, int len) {
      Objects.checkFromIndexSize(off, len, in.length);
      md.update(in, off, len);
    }

    @Override
    public void doFinal(byte[] out, int off) {
      Objects.checkFromIndexSize(off, DIGEST_SIZE_IN_BYTES, out.length);
      try {
        md.digest(out, off, DIGEST_SIZE_IN_BYTES);
      } catch (DigestException e) {
        // Only thrown for a too-small output range, which the check above excludes.
        throw new IllegalStateException("SHA-512 failed unexpectedly", e);
      }
    }
  }
}
