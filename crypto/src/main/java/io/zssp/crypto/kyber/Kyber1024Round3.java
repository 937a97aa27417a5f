package io.zssp.crypto.kyber;

import io.zssp.crypto.Kem;
import io.zssp.crypto.KemEncapsulation;
import io.zssp.crypto.KemKeyPair;
import io.zssp.crypto.RandomSource;
import java.security.InvalidKeyException;
import java.util.Arrays;

/**
 * CRYSTALS-Kyber1024, round 3 (v3.02, SHAKE-based): the KEM that canonical ZSSP v0.4.0 uses. This
 * is <b>not</b> ML-KEM-1024 (FIPS 203): the sizes are identical but the shared secrets differ, so a
 * mismatch shows only as a failed handshake. Proven against all 100 entries of the round-3 {@code
 * PQCkemKAT_3168.rsp}.
 *
 * <p>The round-3 Fujisaki–Okamoto transform, over the shared {@link KyberCpaPke} core:
 *
 * <pre>
 * KeyGen:  d ← random(32); (rho, sigma) = G(d); (pk, sk') = CPAPKE.KeyGen(rho, sigma);
 *          z ← random(32); sk = sk' ‖ pk ‖ H(pk) ‖ z
 * Encaps:  m = H(random(32)); (K̄, r) = G(m ‖ H(pk)); c = CPAPKE.Enc(pk, m, r);
 *          ss = KDF(K̄ ‖ H(c))
 * Decaps:  m' = CPAPKE.Dec(sk', c); (K̄', r') = G(m' ‖ H(pk)); c' = CPAPKE.Enc(pk, m', r');
 *          ss = KDF((c == c' ? K̄' : z) ‖ H(c))       (selected with a mask)
 * </pre>
 *
 * <p>Random bytes are drawn from the injected {@link RandomSource} in the order of the NIST
 * reference ({@code randombytes}: d then z for key generation, 32 bytes for encapsulation), so the
 * KAT's AES-256 CTR_DRBG reproduces the file. Thread-safe.
 */
public final class Kyber1024Round3 implements Kem {
  /** Public key size. */
  public static final int PUBLIC_KEY_BYTES = 1568;

  /** Secret key size. */
  public static final int SECRET_KEY_BYTES = 3168;

  /** Ciphertext size. */
  public static final int CIPHERTEXT_BYTES = 1568;

  /** Shared secret size. */
  public static final int SHARED_SECRET_BYTES = 32;

  private static final int SYM = 32;
  private static final KyberCpaPke PKE = KyberCpaPke.K1024;

  /** Offset of the embedded public key, H(pk) and z inside the secret key. */
  private static final int SK_PK_OFF = PKE.secretKeyBytes;

  private static final int SK_HPK_OFF = SK_PK_OFF + PKE.publicKeyBytes;
  private static final int SK_Z_OFF = SK_HPK_OFF + SYM;

  private final RandomSource random;

  /** A Kyber1024 round-3 KEM drawing its randomness from {@code random}. */
  public Kyber1024Round3(RandomSource random) {
    this.random = java.util.Objects.requireNonNull(random, "random");
  }

  @Override
  public int publicKeySizeInBytes() {
    return PUBLIC_KEY_BYTES;
  }

  @Override
  public int secretKeySizeInBytes() {
    return SECRET_KEY_BYTES;
  }

  @Override
  public int ciphertextSizeInBytes() {
    return CIPHERTEXT_BYTES;
  }

  @Override
  public int sharedSecretSizeInBytes() {
    return SHARED_SECRET_BYTES;
  }

  @Override
  public KemKeyPair generateKeyPair() {
    byte[] pk = new byte[PUBLIC_KEY_BYTES];
    byte[] sk = new byte[SECRET_KEY_BYTES];
    byte[] seeds = new byte[2 * SYM];
    Symmetric sym = new Symmetric();
    boolean done = false;
    try {
      random.nextBytes(seeds, 0, SYM); // d
      sym.hashG(seeds, 0, SYM, seeds, 0); // (rho, sigma) = G(d)
      PKE.keyPair(seeds, 0, SYM, pk, 0, sk, 0, sym);
      System.arraycopy(pk, 0, sk, SK_PK_OFF, PUBLIC_KEY_BYTES);
      sym.hashH(pk, 0, PUBLIC_KEY_BYTES, sk, SK_HPK_OFF);
      random.nextBytes(sk, SK_Z_OFF, SYM); // z
      done = true;
      return new KemKeyPair(pk, sk);
    } finally {
      Symmetric.zero(seeds);
      sym.wipe();
      if (!done) {
        Symmetric.zero(sk); // a failing random source must not strand a half-built secret key
      }
    }
  }

  /**
   * The FIPS 203 §7.2 modulus check on the encoded vector t̂ (the first 1536 bytes): every 12-bit
   * coefficient below q. Round 3 decodes such a key without complaint and reduces the values; a key
   * that fails was not made by an honest key generator (ZSSP-SPEC B20).
   */
  @Override
  public boolean isValidPublicKey(byte[] publicKey) {
    if (publicKey == null || publicKey.length != PUBLIC_KEY_BYTES) {
      return false;
    }
    int end = PKE.publicKeyBytes - SYM; // t̂, then the 32-byte seed rho
    for (int i = 0; i < end; i += 3) {
      int b0 = publicKey[i] & 0xff;
      int b1 = publicKey[i + 1] & 0xff;
      int b2 = publicKey[i + 2] & 0xff;
      if ((b0 | (b1 & 0x0f) << 8) >= Reduce.Q || (b1 >>> 4 | b2 << 4) >= Reduce.Q) {
        return false;
      }
    }
    return true;
  }

  @Override
  public KemEncapsulation encapsulate(byte[] publicKey) throws InvalidKeyException {
    checkLength(publicKey, PUBLIC_KEY_BYTES, "public key");
    byte[] pk = publicKey.clone(); // read three times: a caller mutating it must not matter
    if (!isValidPublicKey(pk)) {
      throw new InvalidKeyException("Kyber public key with a coefficient not below q");
    }
    byte[] m = new byte[SYM];
    Symmetric sym = new Symmetric();
    try {
      random.nextBytes(m, 0, SYM);
      sym.hashH(m, 0, SYM, m, 0); // round 3: never use the RNG output directly
      byte[] ct = new byte[CIPHERTEXT_BYTES];
      byte[] ss = new byte[SHARED_SECRET_BYTES];
      encapsulateWithMessage(pk, m, ct, ss, sym);
      return new KemEncapsulation(ct, ss);
    } finally {
      Symmetric.zero(m);
      sym.wipe();
    }
  }

  /**
   * The deterministic part of encapsulation, from the 32-byte message m (= H(coins) in round 3, the
   * FIPS 203 "m" itself in ML-KEM): writes c and ss = KDF(K̄ ‖ H(c)). Internal: the caller
   * guarantees the sizes (pk 1568, m 32, ct 1568, ss 32).
   */
  static void encapsulateWithMessage(byte[] pk, byte[] m, byte[] ct, byte[] ss, Symmetric sym) {
    byte[] buf = new byte[2 * SYM]; // m ‖ H(pk), then K̄ ‖ H(c)
    byte[] kr = new byte[2 * SYM]; // K̄ ‖ r
    try {
      System.arraycopy(m, 0, buf, 0, SYM);
      sym.hashH(pk, 0, PUBLIC_KEY_BYTES, buf, SYM);
      sym.hashG(buf, 0, 2 * SYM, kr, 0);
      PKE.encrypt(pk, 0, m, 0, kr, SYM, ct, 0, sym);
      System.arraycopy(kr, 0, buf, 0, SYM);
      sym.hashH(ct, 0, CIPHERTEXT_BYTES, buf, SYM);
      sym.kdf(buf, 0, 2 * SYM, ss, 0);
    } finally {
      Symmetric.zero(buf);
      Symmetric.zero(kr);
    }
  }

  @Override
  public byte[] decapsulate(KemKeyPair keyPair, byte[] ciphertext) throws InvalidKeyException {
    if (keyPair == null) {
      throw new InvalidKeyException("Kyber1024 key pair is null");
    }
    checkLength(ciphertext, CIPHERTEXT_BYTES, "ciphertext");
    byte[] ct = ciphertext.clone(); // read three times: a caller mutating it must not matter
    byte[] sk;
    try {
      sk = keyPair.secretKeyCopy();
    } catch (IllegalStateException destroyed) {
      throw new InvalidKeyException("KEM key pair has been destroyed");
    }
    try {
      checkLength(sk, SECRET_KEY_BYTES, "secret key");
      byte[] ss = new byte[SHARED_SECRET_BYTES];
      decapsulate(sk, ct, ss);
      return ss;
    } finally {
      Symmetric.zero(sk);
    }
  }

  /**
   * Decapsulation on raw encodings. Internal: {@code sk} and {@code ct} must have the exact sizes.
   */
  static void decapsulate(byte[] sk, byte[] ct, byte[] ss) {
    Symmetric sym = new Symmetric();
    byte[] buf = new byte[2 * SYM]; // m' ‖ H(pk), then (K̄' or z) ‖ H(c)
    byte[] kr = new byte[2 * SYM]; // K̄' ‖ r'
    byte[] cmp = new byte[CIPHERTEXT_BYTES];
    try {
      PKE.decrypt(sk, 0, ct, 0, buf, 0);
      System.arraycopy(sk, SK_HPK_OFF, buf, SYM, SYM);
      sym.hashG(buf, 0, 2 * SYM, kr, 0);
      // Re-encrypt with the public key embedded in sk.
      byte[] pk = Arrays.copyOfRange(sk, SK_PK_OFF, SK_PK_OFF + PUBLIC_KEY_BYTES);
      PKE.encrypt(pk, 0, buf, 0, kr, SYM, cmp, 0, sym);
      int fail = differenceMask(ct, cmp); // 0 if equal, -1 otherwise
      // On failure use z instead of K̄' (implicit rejection), selected without branching.
      for (int i = 0; i < SYM; i++) {
        buf[i] = (byte) (kr[i] ^ (fail & (kr[i] ^ sk[SK_Z_OFF + i])));
      }
      sym.hashH(ct, 0, CIPHERTEXT_BYTES, buf, SYM);
      sym.kdf(buf, 0, 2 * SYM, ss, 0);
    } finally {
      Symmetric.zero(buf);
      Symmetric.zero(kr);
      Symmetric.zero(cmp);
      sym.wipe();
    }
  }

  /** -1 if the arrays differ anywhere, 0 if equal; examines every byte. */
  private static int differenceMask(byte[] a, byte[] b) {
    int diff = 0;
    for (int i = 0; i < a.length; i++) {
      diff |= a[i] ^ b[i];
    }
    // diff in [0, 255]: (-diff) >> 31 is -1 exactly when diff != 0.
    return (-(diff & 0xff)) >> 31;
  }

  private static void checkLength(byte[] a, int expected, String what) throws InvalidKeyException {
    if (a == null) {
      throw new InvalidKeyException("Kyber1024 " + what + " is null");
    }
    if (a.length != expected) {
      throw new InvalidKeyException(
          "expected " + expected + "-byte Kyber1024 " + what + ", got " + a.length + " bytes");
    }
  }
}
