package io.zssp.wire;

import io.zssp.api.ProtocolConstants;
import io.zssp.crypto.Aes256Gcm;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.Kbkdf;
import io.zssp.crypto.Sha512;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Noise symmetric state as ZSSP uses it (ZSSP-SPEC §5): the handshake hash h (64 bytes), the
 * chaining key ck (64 bytes) and the cipher key k (32 bytes). There is no nonce counter: every
 * encryption names its nonce n(type, counter) explicitly (§5.4). KBKDF replaces Noise's HKDF, with
 * the input key material as the HMAC key and ck as the context (§4.2).
 *
 * <p>Mutable, single-owner. A failed {@link #decryptAndHash} leaves the state worthless, so callers
 * that try several keys work on {@link #copy()}s. {@link #destroy()} wipes all three values.
 */
public final class SymmetricState {
  public static final byte[] LABEL_NOISE = ascii(ProtocolConstants.LABEL_NOISE);
  public static final byte[] LABEL_HEADER_KEYS = ascii(ProtocolConstants.LABEL_HEADER_KEYS);
  public static final byte[] LABEL_KEX_KEYS = ascii(ProtocolConstants.LABEL_KEX_KEYS);
  public static final byte[] LABEL_RATCHET = ascii(ProtocolConstants.LABEL_RATCHET);

  private final CryptoProvider crypto;
  private final Kbkdf kbkdf;
  private final byte[] h = new byte[64];
  private final byte[] ck = new byte[64];
  private final byte[] k = new byte[32];

  private SymmetricState(CryptoProvider crypto, Kbkdf kbkdf) {
    this.crypto = crypto;
    this.kbkdf = kbkdf;
  }

  /** Initialize(name64): h = ck = the 64-byte protocol name block, unhashed; k = 0. */
  public static SymmetricState initialize(CryptoProvider crypto, byte[] nameBlock) {
    if (nameBlock.length != 64) {
      throw new IllegalArgumentException("expected 64-byte name block, got " + nameBlock.length);
    }
    SymmetricState s = new SymmetricState(crypto, new Kbkdf(crypto.hmacSha512()));
    System.arraycopy(nameBlock, 0, s.h, 0, 64);
    System.arraycopy(nameBlock, 0, s.ck, 0, 64);
    return s;
  }

  /** An independent copy (for trial decryptions that must not disturb this state). */
  public SymmetricState copy() {
    SymmetricState s = new SymmetricState(crypto, kbkdf);
    System.arraycopy(h, 0, s.h, 0, 64);
    System.arraycopy(ck, 0, s.ck, 0, 64);
    System.arraycopy(k, 0, s.k, 0, 32);
    return s;
  }

  /** MixHash(data): h = SHA-512(h ‖ data). */
  public void mixHash(byte[] data, int off, int len) {
    Sha512.Digest d = crypto.sha512().newDigest();
    d.update(h, 0, 64);
    d.update(data, off, len);
    d.doFinal(h, 0);
  }

  public void mixHash(byte[] data) {
    mixHash(data, 0, data.length);
  }

  /** MixKey(ikm): (o1, o2) = KBKDF(ikm, "ZSSP", ck, 2); ck = o1; k = o2[0..32]. */
  public void mixKey(byte[] ikm) {
    byte[] o1 = new byte[64];
    byte[] o2 = new byte[64];
    try {
      kbkdf.derive(ikm, LABEL_NOISE, ck, 2, o1, o2);
      System.arraycopy(o1, 0, ck, 0, 64);
      System.arraycopy(o2, 0, k, 0, 32);
    } finally {
      wipe(o1, o2);
    }
  }

  /**
   * MixKeyAndHash(ikm): (o1, o2, o3) = KBKDF(ikm, "ZSSP", ck, 3); ck = o1; MixHash(o2); k =
   * o3[0..32].
   */
  public void mixKeyAndHash(byte[] ikm) {
    byte[] o1 = new byte[64];
    byte[] o2 = new byte[64];
    byte[] o3 = new byte[64];
    try {
      kbkdf.derive(ikm, LABEL_NOISE, ck, 3, o1, o2, o3);
      System.arraycopy(o1, 0, ck, 0, 64);
      mixHash(o2);
      System.arraycopy(o3, 0, k, 0, 32);
    } finally {
      wipe(o1, o2, o3);
    }
  }

  /**
   * EncryptAndHash: writes {@code ct ‖ tag} of {@code pt[ptOff, ptOff+len)} under k with nonce
   * n(type, counter) and AAD = h to {@code out[outOff, outOff+len+16)}, then MixHash(ct ‖ tag).
   *
   * @return the number of bytes written ({@code len + 16})
   */
  public int encryptAndHash(
      int type, long counter, byte[] pt, int ptOff, int len, byte[] out, int outOff) {
    Aes256Gcm gcm = crypto.aes256().newGcm(k);
    try {
      int n = gcm.seal(Nonces.gcm(type, counter), h, pt, ptOff, len, out, outOff);
      mixHash(out, outOff, n);
      return n;
    } finally {
      gcm.destroy();
    }
  }

  /**
   * DecryptAndHash: verifies and decrypts {@code in[off, off+len)} ({@code ct ‖ tag}) under k with
   * nonce n(type, counter) and AAD = h into {@code out[outOff…]}, then MixHash(ct ‖ tag).
   *
   * @return false if the tag does not verify (the state is then unchanged but must be discarded by
   *     protocol rules)
   */
  public boolean decryptAndHash(
      int type, long counter, byte[] in, int off, int len, byte[] out, int outOff) {
    byte[] ct = Arrays.copyOfRange(in, off, off + len); // hash the ciphertext even if out == in
    Aes256Gcm gcm = crypto.aes256().newGcm(k);
    try {
      if (gcm.open(Nonces.gcm(type, counter), h, ct, 0, len, out, outOff) < 0) {
        return false;
      }
      mixHash(ct, 0, len);
      return true;
    } finally {
      gcm.destroy();
    }
  }

  /** Split(): (o1, o2) = KBKDF(ε, "ZSSP", ck, 2), truncated to 32 bytes each. */
  public byte[][] split() {
    return pair(new byte[0], LABEL_NOISE);
  }

  /** GetAsk(label): (o1, o2) = KBKDF(h, label, ck, 2), truncated to 32 bytes each. */
  public byte[][] getAsk(byte[] label) {
    return pair(h, label);
  }

  private byte[][] pair(byte[] ikm, byte[] label) {
    byte[] o1 = new byte[64];
    byte[] o2 = new byte[64];
    try {
      kbkdf.derive(ikm, label, ck, 2, o1, o2);
      return new byte[][] {Arrays.copyOf(o1, 32), Arrays.copyOf(o2, 32)};
    } finally {
      wipe(o1, o2);
    }
  }

  /** The current handshake hash (a copy). */
  public byte[] handshakeHash() {
    return h.clone();
  }

  /** The current chaining key (a copy; for tests and diagnostics only). */
  public byte[] chainingKey() {
    return ck.clone();
  }

  /** The current cipher key (a copy; for tests only). */
  public byte[] cipherKey() {
    return k.clone();
  }

  /** Wipes h, ck and k. */
  public void destroy() {
    wipe(h, ck, k);
  }

  public static void wipe(byte[]... arrays) {
    for (byte[] a : arrays) {
      if (a != null) {
        Arrays.fill(a, (byte) 0);
      }
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
