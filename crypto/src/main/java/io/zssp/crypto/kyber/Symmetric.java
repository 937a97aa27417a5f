package io.zssp.crypto.kyber;

import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.bouncycastle.crypto.digests.SHAKEDigest;

/**
 * The symmetric functions of Kyber (SHAKE-based, not the "90s" variant): H = SHA3-256, G =
 * SHA3-512, XOF = SHAKE-128, PRF and KDF = SHAKE-256. One instance holds reusable digest objects
 * for one operation on one thread; it is not thread-safe. BouncyCastle supplies Keccak because the
 * JDK 17 provider has no SHAKE.
 */
final class Symmetric {
  private final SHA3Digest sha3256 = new SHA3Digest(256);
  private final SHA3Digest sha3512 = new SHA3Digest(512);
  private final SHAKEDigest shake128 = new SHAKEDigest(128);
  private final SHAKEDigest shake256 = new SHAKEDigest(256);

  /** H: SHA3-256 of {@code in[off, off+len)} into {@code out[outOff, outOff+32)}. */
  void hashH(byte[] in, int off, int len, byte[] out, int outOff) {
    sha3256.update(in, off, len);
    sha3256.doFinal(out, outOff);
  }

  /** G: SHA3-512 of {@code in[off, off+len)} into {@code out[outOff, outOff+64)}. */
  void hashG(byte[] in, int off, int len, byte[] out, int outOff) {
    sha3512.update(in, off, len);
    sha3512.doFinal(out, outOff);
  }

  /** PRF(s, nonce) = SHAKE-256(s ‖ nonce), {@code outLen} bytes. */
  void prf(byte[] seed, int seedOff, int nonce, byte[] out, int outLen) {
    shake256.update(seed, seedOff, 32);
    shake256.update((byte) nonce);
    shake256.doFinal(out, 0, outLen);
  }

  /** KDF(in) = SHAKE-256(in), 32 bytes of output. */
  void kdf(byte[] in, int off, int len, byte[] out, int outOff) {
    shake256.update(in, off, len);
    shake256.doFinal(out, outOff, 32);
  }

  /** Starts the matrix XOF: SHAKE-128(rho ‖ x ‖ y); squeeze with {@link #xofSqueeze}. */
  void xofAbsorb(byte[] rho, int rhoOff, int x, int y) {
    shake128.reset();
    shake128.update(rho, rhoOff, 32);
    shake128.update((byte) x);
    shake128.update((byte) y);
  }

  /** Continues squeezing the XOF started by {@link #xofAbsorb}. */
  void xofSqueeze(byte[] out, int off, int len) {
    shake128.doOutput(out, off, len);
  }

  /** Clears digest states that absorbed secrets. */
  void wipe() {
    sha3256.reset();
    sha3512.reset();
    shake256.reset();
    shake128.reset();
  }

  static void zero(byte[] a) {
    Arrays.fill(a, (byte) 0);
  }
}
