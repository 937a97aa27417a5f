package io.zssp.crypto.accp;

import io.zssp.crypto.Sha512;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.Objects;

/**
 * {@link Sha512} on ACCP's {@code MessageDigest "SHA-512"} (AWS-LC). The factory holds only the
 * provider object and is thread-safe; each {@link Sha512.Digest} owns one {@code MessageDigest} and
 * belongs to one thread at a time.
 */
final class AccpSha512 implements Sha512 {
  private final Provider accp;

  AccpSha512(Provider accp) {
    this.accp = Objects.requireNonNull(accp, "accp");
  }

  @Override
  public Digest newDigest() {
    try {
      return new AccpDigest(MessageDigest.getInstance("SHA-512", accp));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("ACCP lacks SHA-512", e);
    }
  }

  /** An incremental SHA-512 on one {@code MessageDigest}; reset by every {@link #doFinal}. */
  private static final class AccpDigest implements Digest {
    private final MessageDigest md;

    AccpDigest(MessageDigest md) {
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
        throw new IllegalStateException("SHA-512 failed unexpectedly", e);
      }
    }
  }
}
