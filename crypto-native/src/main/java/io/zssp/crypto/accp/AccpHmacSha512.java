package io.zssp.crypto.accp;

import io.zssp.crypto.HmacSha512;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Provider;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link HmacSha512} on ACCP's {@code Mac "HmacSHA512"} (AWS-LC), accepting every key length
 * including the empty key that ZSSP's Noise Split uses. The factory holds only the provider object
 * and is thread-safe; each {@link HmacSha512.Context} owns one {@code Mac} and belongs to one
 * thread at a time.
 */
final class AccpHmacSha512 implements HmacSha512 {
  private static final String ALGORITHM = "HmacSHA512";

  /**
   * The key substituted for the empty key, which {@code SecretKeySpec} refuses: HMAC zero-pads keys
   * shorter than the 128-byte block, so the empty key and {@code 00} give the same MAC (as in the
   * default provider). Also used to overwrite the key-derived state on destroy.
   */
  private static final SecretKeySpec EMPTY_KEY_EQUIVALENT =
      new SecretKeySpec(new byte[1], ALGORITHM);

  private final Provider accp;

  AccpHmacSha512(Provider accp) {
    this.accp = Objects.requireNonNull(accp, "accp");
  }

  @Override
  public Context newContext(byte[] key) {
    Objects.requireNonNull(key, "key");
    SecretKeySpec spec = key.length == 0 ? EMPTY_KEY_EQUIVALENT : new SecretKeySpec(key, ALGORITHM);
    Mac mac;
    try {
      mac = Mac.getInstance(ALGORITHM, accp);
      mac.init(spec);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ACCP lacks HMAC-SHA-512", e);
    }
    return new AccpContext(mac);
  }

  /** One keyed {@code Mac}; {@code doFinal} resets it to the keyed initial state. */
  private static final class AccpContext implements Context {
    private Mac mac;
    private boolean destroyed;

    AccpContext(Mac mac) {
      this.mac = mac;
    }

    @Override
    public void update(byte[] in, int off, int len) {
      checkUsable();
      Objects.checkFromIndexSize(off, len, in.length);
      mac.update(in, off, len);
    }

    @Override
    public void update(byte b) {
      checkUsable();
      mac.update(b);
    }

    @Override
    public void doFinal(byte[] out, int off) {
      checkUsable();
      Objects.checkFromIndexSize(off, MAC_SIZE_IN_BYTES, out.length);
      try {
        mac.doFinal(out, off);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HMAC-SHA-512 failed unexpectedly", e);
      }
    }

    /** Re-keys the {@code Mac} with the zero key before dropping it (overwrites its pads). */
    @Override
    public void destroy() {
      if (destroyed) {
        return;
      }
      destroyed = true;
      try {
        mac.init(EMPTY_KEY_EQUIVALENT);
      } catch (InvalidKeyException e) {
        // Cannot happen (the same key type was accepted at creation); the Mac is dropped anyway.
      }
      mac = null;
    }

    @Override
    public boolean isDestroyed() {
      return destroyed;
    }

    @Override
    public String toString() {
      return destroyed
          ? "AccpHmacSha512.Context[destroyed]"
          : "AccpHmacSha512.Context[key=<redacted>]";
    }

    private void checkUsable() {
      if (destroyed) {
        throw new IllegalStateException("HMAC context has been destroyed");
      }
    }
  }
}
