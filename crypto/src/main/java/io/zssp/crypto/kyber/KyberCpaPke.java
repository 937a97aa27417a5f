package io.zssp.crypto.kyber;

import java.util.Arrays;

/**
 * Kyber's IND-CPA public-key encryption (CPAPKE) for rank k, shared by round-3 Kyber and ML-KEM:
 * key generation from the two seeds (rho, sigma), deterministic encryption of a 32-byte message
 * with 32 bytes of coins, and decryption. Instances are immutable and thread-safe; every operation
 * allocates its own workspace and wipes the secret parts of it.
 *
 * <p>Encodings: public key {@code Encode12(t̂) ‖ rho}; secret key {@code Encode12(ŝ)}; ciphertext
 * {@code Compress_du(u) ‖ Compress_dv(v)}.
 */
final class KyberCpaPke {
  /** Rank of the module (4 for Kyber1024). */
  final int k;

  /** Bits per coefficient of u in the ciphertext. */
  final int du;

  /** Bits per coefficient of v in the ciphertext. */
  final int dv;

  final int polyVecBytes;
  final int publicKeyBytes;
  final int secretKeyBytes;
  final int ciphertextBytes;

  /** Kyber1024 / ML-KEM-1024 parameters: k = 4, η1 = η2 = 2, du = 11, dv = 5. */
  static final KyberCpaPke K1024 = new KyberCpaPke(4, 11, 5);

  private KyberCpaPke(int k, int du, int dv) {
    this.k = k;
    this.du = du;
    this.dv = dv;
    this.polyVecBytes = k * Poly.BYTES;
    this.publicKeyBytes = polyVecBytes + 32;
    this.secretKeyBytes = polyVecBytes;
    this.ciphertextBytes = k * 32 * du + 32 * dv;
  }

  /**
   * Key generation from rho (public matrix seed) and sigma (noise seed), each 32 bytes at the given
   * offsets of {@code seeds}. Writes the public key to {@code pk[pkOff…]} and the secret key to
   * {@code sk[skOff…]}.
   */
  void keyPair(
      byte[] seeds,
      int rhoOff,
      int sigmaOff,
      byte[] pk,
      int pkOff,
      byte[] sk,
      int skOff,
      Symmetric sym) {
    short[][][] a = new short[k][k][Poly.N];
    short[][] s = new short[k][Poly.N];
    short[][] e = new short[k][Poly.N];
    short[][] t = new short[k][Poly.N];
    short[] acc = new short[Poly.N];
    byte[] noiseBuf = new byte[64 * Sampler.ETA];
    int[] scratch = new int[Poly.N];
    try {
      Sampler.matrix(a, seeds, rhoOff, false, sym);
      int nonce = 0;
      for (int i = 0; i < k; i++) {
        Sampler.noise(s[i], seeds, sigmaOff, nonce++, noiseBuf, sym);
      }
      for (int i = 0; i < k; i++) {
        Sampler.noise(e[i], seeds, sigmaOff, nonce++, noiseBuf, sym);
      }
      for (int i = 0; i < k; i++) {
        Poly.ntt(s[i]);
        Poly.ntt(e[i]);
      }
      for (int i = 0; i < k; i++) {
        innerProduct(t[i], a[i], s, acc);
        Poly.toMont(t[i]);
        Poly.add(t[i], t[i], e[i]);
        Poly.reduce(t[i]);
      }
      for (int i = 0; i < k; i++) {
        Poly.toBytes(t[i], pk, pkOff + i * Poly.BYTES, scratch);
        Poly.toBytes(s[i], sk, skOff + i * Poly.BYTES, scratch);
      }
      System.arraycopy(seeds, rhoOff, pk, pkOff + polyVecBytes, 32);
    } finally {
      wipe(s);
      wipe(e);
      Arrays.fill(acc, (short) 0);
      Arrays.fill(noiseBuf, (byte) 0);
      Arrays.fill(scratch, 0);
    }
  }

  /**
   * Encrypts the 32-byte message {@code msg[msgOff…]} to {@code pk[pkOff…]} with the 32 bytes of
   * coins at {@code coins[coinsOff…]}, writing {@link #ciphertextBytes} bytes to {@code
   * ct[ctOff…]}.
   */
  void encrypt(
      byte[] pk,
      int pkOff,
      byte[] msg,
      int msgOff,
      byte[] coins,
      int coinsOff,
      byte[] ct,
      int ctOff,
      Symmetric sym) {
    short[][] t = new short[k][Poly.N];
    short[][][] at = new short[k][k][Poly.N];
    short[][] r = new short[k][Poly.N];
    short[][] e1 = new short[k][Poly.N];
    short[] e2 = new short[Poly.N];
    short[][] u = new short[k][Poly.N];
    short[] v = new short[Poly.N];
    short[] m = new short[Poly.N];
    short[] acc = new short[Poly.N];
    byte[] noiseBuf = new byte[64 * Sampler.ETA];
    int[] scratch = new int[Poly.N];
    try {
      for (int i = 0; i < k; i++) {
        Poly.fromBytes(t[i], pk, pkOff + i * Poly.BYTES, scratch);
      }
      Poly.fromMessage(m, msg, msgOff);
      Sampler.matrix(at, pk, pkOff + polyVecBytes, true, sym);
      int nonce = 0;
      for (int i = 0; i < k; i++) {
        Sampler.noise(r[i], coins, coinsOff, nonce++, noiseBuf, sym);
      }
      for (int i = 0; i < k; i++) {
        Sampler.noise(e1[i], coins, coinsOff, nonce++, noiseBuf, sym);
      }
      Sampler.noise(e2, coins, coinsOff, nonce, noiseBuf, sym);
      for (int i = 0; i < k; i++) {
        Poly.ntt(r[i]);
      }
      for (int i = 0; i < k; i++) {
        innerProduct(u[i], at[i], r, acc);
      }
      innerProduct(v, t, r, acc);
      for (int i = 0; i < k; i++) {
        Ntt.invntt(u[i]);
        Poly.add(u[i], u[i], e1[i]);
        Poly.reduce(u[i]);
      }
      Ntt.invntt(v);
      Poly.add(v, v, e2);
      Poly.add(v, v, m);
      Poly.reduce(v);
      for (int i = 0; i < k; i++) {
        Poly.compressTo(u[i], du, ct, ctOff + i * 32 * du, scratch);
      }
      Poly.compressTo(v, dv, ct, ctOff + k * 32 * du, scratch);
    } finally {
      wipe(r);
      wipe(e1);
      wipe(u);
      Arrays.fill(e2, (short) 0);
      Arrays.fill(v, (short) 0);
      Arrays.fill(m, (short) 0);
      Arrays.fill(acc, (short) 0);
      Arrays.fill(noiseBuf, (byte) 0);
      Arrays.fill(scratch, 0);
    }
  }

  /** Decrypts {@code ct[ctOff…]} with {@code sk[skOff…]} into the 32-byte {@code msg[msgOff…]}. */
  void decrypt(byte[] sk, int skOff, byte[] ct, int ctOff, byte[] msg, int msgOff) {
    short[][] u = new short[k][Poly.N];
    short[] v = new short[Poly.N];
    short[][] s = new short[k][Poly.N];
    short[] mp = new short[Poly.N];
    short[] acc = new short[Poly.N];
    int[] scratch = new int[Poly.N];
    try {
      for (int i = 0; i < k; i++) {
        Poly.decompressFrom(u[i], du, ct, ctOff + i * 32 * du, scratch);
        Poly.fromBytes(s[i], sk, skOff + i * Poly.BYTES, scratch);
      }
      Poly.decompressFrom(v, dv, ct, ctOff + k * 32 * du, scratch);
      for (int i = 0; i < k; i++) {
        Poly.ntt(u[i]);
      }
      innerProduct(mp, s, u, acc);
      Ntt.invntt(mp);
      Poly.sub(mp, v, mp);
      Poly.reduce(mp);
      Poly.toMessage(msg, msgOff, mp);
    } finally {
      wipe(s);
      wipe(u);
      Arrays.fill(v, (short) 0);
      Arrays.fill(mp, (short) 0);
      Arrays.fill(acc, (short) 0);
      Arrays.fill(scratch, 0);
    }
  }

  /** r = Σ a[i]·b[i] in the NTT domain (Montgomery factor 2^-16), reduced. */
  private void innerProduct(short[] r, short[][] a, short[][] b, short[] tmp) {
    Ntt.basemul(r, a[0], b[0]);
    for (int i = 1; i < k; i++) {
      Ntt.basemul(tmp, a[i], b[i]);
      Poly.add(r, r, tmp);
    }
    Poly.reduce(r);
  }

  private static void wipe(short[][] polys) {
    for (short[] p : polys) {
      Arrays.fill(p, (short) 0);
    }
  }
}
