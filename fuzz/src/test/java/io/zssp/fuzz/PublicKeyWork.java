package io.zssp.fuzz;

import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.KemEncapsulation;
import io.zssp.crypto.KemKeyPair;
import io.zssp.crypto.P384KeyPair;
import java.security.InvalidKeyException;

/**
 * Measures, once per JVM, how many bytes one handshake step's public-key work allocates with the
 * crypto provider the fixtures use: a point decode, two P-384 ECDH, a P-384 and a Kyber1024 key
 * pair, one encapsulation and one decapsulation (more than any single handshake packet costs its
 * receiver, §8.2 to §8.4). Warmed up first, so that the figure is the steady state, then taken ×1.5
 * against the variance of the allocator's accounting.
 */
public final class PublicKeyWork {
  /** {@link #allocationOfOneX2()}, measured once. */
  public static final long ALLOWANCE = allocationOfOneX2();

  private PublicKeyWork() {}

  static long allocationOfOneX2() {
    CryptoProvider c = Peer.CRYPTO;
    long max = 0;
    for (int round = 0; round < 40; round++) {
      long start = Allocation.current();
      oneStep(c);
      long used = Allocation.current() - start;
      if (round >= 30) {
        max = Math.max(max, used);
      }
    }
    return max * 3 / 2;
  }

  private static void oneStep(CryptoProvider c) {
    try {
      P384KeyPair a = c.p384().generateKeyPair();
      P384KeyPair b = c.p384().generateKeyPair();
      c.p384().agree(a, c.p384().decodePublicKey(b.publicKey().encoded()));
      c.p384().agree(b, a.publicKey());
      KemKeyPair kem = c.kyber1024().generateKeyPair();
      KemEncapsulation enc = c.kyber1024().encapsulate(kem.publicKey());
      c.kyber1024().decapsulate(kem, enc.ciphertext());
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("a freshly generated key did not decode", e);
    }
  }
}
