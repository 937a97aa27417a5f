package io.zssp.crypto.internal;

import io.zssp.crypto.HmacSha512;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Provider;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link HmacSha512} on a JCA {@code Mac "HmacSHA512"}: the JDK's for the default provider, ACCP's
 * (AWS-LC) for the native one. Accepts every key length including the empty key that ZSSP's Noise
 * Split uses. The factory holds at most a provider object and is thread-safe; each {@link
 * HmacSha512.Context} owns one {@code Mac} and belongs to one thread at a time.
 */
public final class JcaHmacSha512 implements HmacSha512 {
  private static final String ALGORITHM = "HmacSHA512";

  /**
   * The key we substitute for the empty key. {@code new SecretKeySpec(new byte[0], ...)} throws,
   * but HMAC (RFC 2104) zero-pads every key shorter than the hash block (128 bytes for SHA-512)
   * before use, so the empty key and the one-byte key {@code 00} yield identical pads and therefore
   * identical MACs. Also used to overwrite the key-derived pads on destroy.
   */
  private static final SecretKeySpec EMPTY_KEY_EQUIVALENT =
      new SecretKeySpec(new byte[1], ALGORITHM);

  /** The {@code Mac}'s provider; null for the JDK's. */
  private final Provider provider;

  /**
   * Creates the factory.
   *
   * @param provider the provider object of the {@code Mac} (never registered with the JCA), or null
   *     for the JDK's
   */
  public JcaHmacSha512(Provider provider) {
    this.provider = provider;
  }

  @Override
  public Context newContext(byte[] key) {
    Objects.requireNonNull(key, "key");
    SecretKeySpec spec = key.length == 0 ? EMPTY_KEY_EQUIVALENT : new SecretKeySpec(key, ALGORITHM);
    Mac mac;
    try {
      mac = provider == null ? Mac.getInstance(ALGORITHM) : Mac.getInstance(ALGORITHM, provider);
      mac.init(spec);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          (provider == null ? "JDK lacks mandatory" : provider.getName() + " lacks")
              + " HMAC-SHA-512",
          e);
    }
    return new MacContext(mac);
  }

  /**
   * One keyed {@code Mac}. {@code Mac.doFinal} resets to the keyed initial state, so the context is
   * reusable for the next message.
   */
  private static final class MacContext implements Context {
    private Mac mac;
    private boolean destroyed;

    MacContext(Mac mac) {
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
        // ShortBufferException: impossible after the range check.
        throw new IllegalStateException("HMAC-SHA-512 failed unexpectedly", e);
      }
    }

    /**
     * Re-keys the {@code Mac} with the zero key before dropping it: SunJCE derives the inner and
     * outer pads into arrays it reuses (ACCP into its native context), so this overwrites the
     * key-derived state it holds. The {@code SecretKeySpec} copy made at creation cannot be erased
     * and is left to the collector.
     */
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
          ? "JcaHmacSha512.Context[destroyed]"
          : "JcaHmacSha512.Context[key=<redacted>]";
    }

    private void checkUsable() {
      if (destroyed) {
        throw new IllegalStateException("HMAC context has been destroyed");
      }
    }
  }
}
