package io.zssp.api;

import io.zssp.crypto.ConstantTime;
import io.zssp.crypto.HmacSha512;
import io.zssp.crypto.Kbkdf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One persisted ratchet state (ZSSP-SPEC §9.1): the 32-byte ratchet key rk (the Noise PSK of the
 * next handshake), its 32-byte fingerprint rf (the only lookup key, sent in X1) and the local chain
 * length (never on the wire).
 *
 * <p>Immutable. Ratchet keys are never compared, indexed or printed: {@link #equals} and {@link
 * #hashCode} use the fingerprint only, in constant time, and {@link #toString} shows a fingerprint
 * prefix. {@link #key()} returns a copy the caller should wipe after use.
 */
public final class RatchetState {
  /** The zero ratchet: rk = rf = 0^32, chain length 0. A peer never seen before has this. */
  public static final RatchetState ZERO =
      new RatchetState(new byte[32], new byte[32], 0, /* copy= */ false);

  private final byte[] key;
  private final byte[] fingerprint;
  private final long chainLength;

  private RatchetState(byte[] key, byte[] fingerprint, long chainLength, boolean copy) {
    this.key = copy ? key.clone() : key;
    this.fingerprint = copy ? fingerprint.clone() : fingerprint;
    this.chainLength = chainLength;
  }

  /**
   * A ratchet state from its parts (both arrays are copied).
   *
   * @throws IllegalArgumentException if a size is wrong or the chain length is negative
   */
  public static RatchetState of(byte[] key, byte[] fingerprint, long chainLength) {
    if (key.length != ProtocolConstants.RATCHET_KEY_SIZE_IN_BYTES) {
      throw new IllegalArgumentException("expected 32-byte ratchet key, got " + key.length);
    }
    if (fingerprint.length != ProtocolConstants.RATCHET_FINGERPRINT_SIZE_IN_BYTES) {
      throw new IllegalArgumentException(
          "expected 32-byte ratchet fingerprint, got " + fingerprint.length);
    }
    if (chainLength < 0) {
      throw new IllegalArgumentException("chain length must be >= 0, got " + chainLength);
    }
    return new RatchetState(key, fingerprint, chainLength, /* copy= */ true);
  }

  /**
   * The initial ratchet state both peers store before their first handshake when introduced by a
   * one-time password p (ZSSP-SPEC §9.2): (rk, rf) = KBKDF(p, "ZSSP_OTP_TO_RATCHET", ε, 2)
   * truncated to 32 bytes each, chain length 1. The password MUST carry at least 256 bits of
   * entropy and be used once.
   *
   * @param oneTimePassword not retained; the caller should wipe it
   */
  public static RatchetState fromOneTimePassword(byte[] oneTimePassword, HmacSha512 hmac) {
    if (oneTimePassword.length == 0) {
      throw new IllegalArgumentException("one-time password is empty");
    }
    byte[] label = ProtocolConstants.LABEL_OTP_TO_RATCHET.getBytes(StandardCharsets.US_ASCII);
    byte[][] out = new Kbkdf(hmac).derive(oneTimePassword, label, new byte[0], 2);
    try {
      return new RatchetState(Arrays.copyOf(out[0], 32), Arrays.copyOf(out[1], 32), 1, false);
    } finally {
      Arrays.fill(out[0], (byte) 0);
      Arrays.fill(out[1], (byte) 0);
    }
  }

  /** The ratchet key (a fresh copy; wipe it after use). */
  public byte[] key() {
    return key.clone();
  }

  /** The ratchet fingerprint (a fresh copy). */
  public byte[] fingerprint() {
    return fingerprint.clone();
  }

  /** Writes the fingerprint to {@code out[off, off+32)}. */
  public void writeFingerprint(byte[] out, int off) {
    System.arraycopy(fingerprint, 0, out, off, fingerprint.length);
  }

  /** Number of handshakes in this chain (local metadata). */
  public long chainLength() {
    return chainLength;
  }

  /** Whether this is the zero ratchet (fingerprint all zero), checked in constant time. */
  public boolean isZero() {
    return ConstantTime.isZero(fingerprint, 0, fingerprint.length);
  }

  /** Whether {@code candidate} is this state's fingerprint, compared in constant time. */
  public boolean hasFingerprint(byte[] candidate) {
    return ConstantTime.equals(fingerprint, candidate);
  }

  /** Equality by fingerprint (constant time); keys are never compared. */
  @Override
  public boolean equals(Object o) {
    return o instanceof RatchetState
        && ConstantTime.equals(fingerprint, ((RatchetState) o).fingerprint);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(fingerprint);
  }

  /** Shows a fingerprint prefix and the chain length, never the key. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("RatchetState[rf=");
    for (int i = 0; i < 4; i++) {
      sb.append(String.format("%02x", fingerprint[i] & 0xff));
    }
    return sb.append("…, chainLength=").append(chainLength).append(']').toString();
  }
}
