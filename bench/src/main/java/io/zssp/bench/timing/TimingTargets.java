package io.zssp.bench.timing;

import io.zssp.api.RatchetState;
import io.zssp.crypto.Aes256Block;
import io.zssp.crypto.Aes256Gcm;
import io.zssp.crypto.ConstantTime;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.Kem;
import io.zssp.crypto.KemKeyPair;
import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import io.zssp.wire.FragmentHeader;
import io.zssp.wire.PacketType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The operations {@link TimingLeakHarness} measures, each on two input classes. Byte inputs are
 * copied into the same working buffers for both classes before each measurement; key pairs (P-384
 * ECDH) are distinct objects from a pool of the same size per class.
 */
public final class TimingTargets {
  /** Calls per measurement for comparisons (a few nanoseconds each). */
  static final int COMPARE_BATCH = 64;

  /** Calls per measurement for one AES block (tens of nanoseconds). */
  static final int BLOCK_BATCH = 16;

  /** In the comparison targets, a class whose two arrays are equal. */
  static final int EQUAL = -1;

  private TimingTargets() {}

  /**
   * Every target for {@code provider} ({@code "default"} or {@code "native"}); the
   * provider-independent ones (the comparisons, and Kyber, which both providers take from {@code
   * io.zssp.crypto}) with the default provider only.
   */
  public static List<TimingTarget> all(String providerName, CryptoProvider crypto) {
    List<TimingTarget> list = new ArrayList<>();
    if (providerName.equals("default")) {
      list.add(leakyCompare("leaky-compare-eq-0", EQUAL, 0));
      list.add(leakyCompare("leaky-compare-0-31", 0, 31));
      list.add(constantTimeCompare("control-aa", EQUAL, EQUAL));
      list.add(constantTimeCompare("tag-compare-0-15", 0, 15));
      list.add(constantTimeCompare("tag-compare-eq-0", EQUAL, 0));
      list.add(constantTimeCompare("tag-compare-eq-15", EQUAL, 15));
      list.add(fingerprintCompare("fingerprint-0-31", 0, 31));
      list.add(fingerprintCompare("fingerprint-eq-0", EQUAL, 0));
      list.add(fingerprintCompare("fingerprint-eq-31", EQUAL, 31));
      list.add(kyberDecaps(crypto, Ciphertexts.RANDOM));
      list.add(kyberDecaps(crypto, Ciphertexts.TAMPERED));
      list.add(kyberDecaps(crypto, Ciphertexts.VALID));
    }
    list.add(headerUnprotect(providerName, crypto));
    for (int size : new int[] {64, 1024}) {
      list.add(gcmOpen(providerName, crypto, size, 15));
      list.add(gcmOpen(providerName, crypto, size, 0));
    }
    for (Scalars s : Scalars.values()) {
      list.add(p384Agree(providerName, crypto, s));
    }
    for (Scalars s : Scalars.values()) {
      list.add(p384Import(providerName, crypto, s));
    }
    if (providerName.equals("native")) {
      list.add(accpPrivateKey(false));
      list.add(accpPrivateKey(true));
    }
    return list;
  }

  /**
   * The P-384 scalar classes: class 1 is always a random d with its top bit set (d in [2^383, n),
   * full length), class 0 a family of chosen scalars. Each family draws a different scalar per pool
   * entry, so both classes give different, random-looking public keys and shared secrets: a single
   * fixed scalar would give one fixed public key, and the variable-time handling of that public
   * output (encodings, AWS-LC's key checks) would then differ from the random class for reasons
   * that reveal nothing the public key does not.
   */
  enum Scalars {
    /** d in [2^56, 2^64): 40 leading zero bytes. */
    SMALL("small", "random d in [2^56, 2^64)"),
    /** d = 2^383 + 2^i + 2^j, i ≠ j random below 383: full length, Hamming weight 3. */
    LOWHW("lowhw", "d = 2^383+2^i+2^j (HW 3)"),
    /** A random d below 2^376: its top byte is zero (1 key in 256 has one). */
    SHORT("short", "random d < 2^376 (top byte 0)"),
    /** Another random d with its top bit set: the A/A control of the key-pair pools. */
    CONTROL("aa", "random d (top bit set)");

    final String label;
    final String description;

    Scalars(String label, String description) {
      this.label = label;
      this.description = description;
    }

    String classes() {
      return description + " | random d (top bit set)";
    }

    /** A class-0 scalar. */
    byte[] draw(P384 p384, SplittableRandom random) {
      byte[] d = new byte[P384.PRIVATE_KEY_SIZE_IN_BYTES];
      switch (this) {
        case SMALL:
          do {
            random.nextBytes(d);
            java.util.Arrays.fill(d, 0, 40, (byte) 0);
          } while (d[40] == 0); // d ≥ 2^56: nonzero, and its length known to the byte
          return d;
        case LOWHW:
          int i = random.nextInt(383);
          int j;
          do {
            j = random.nextInt(383);
          } while (j == i);
          d[0] = (byte) 0x80;
          d[47 - i / 8] |= (byte) (1 << (i % 8));
          d[47 - j / 8] |= (byte) (1 << (j % 8));
          return d;
        case SHORT:
          d = randomScalar(p384);
          d[0] = 0;
          d[1] |= 1; // nonzero, so exactly one leading zero byte
          return d;
        default:
          return fullLengthScalar(p384);
      }
    }
  }

  /** A random scalar with its top bit set, from the provider's own key generation. */
  static byte[] fullLengthScalar(P384 p384) {
    while (true) {
      byte[] d = randomScalar(p384);
      if (d[0] < 0) {
        return d;
      }
    }
  }

  private static byte[] randomBytes(SplittableRandom random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** Shared fields of the targets below. */
  private abstract static class Base implements TimingTarget {
    private final String name;
    private final String provider;
    private final String classes;
    private final int batch;

    Base(String name, String provider, String classes, int batch) {
      this.name = name;
      this.provider = provider;
      this.classes = classes;
      this.batch = batch;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String provider() {
      return provider;
    }

    @Override
    public String classes() {
      return classes;
    }

    @Override
    public int batch() {
      return batch;
    }
  }

  private static String compareClass(int diffAt) {
    return diffAt == EQUAL ? "equal" : "differ in byte " + diffAt;
  }

  /**
   * Pairs (a, b) of {@code len} random bytes, b equal to a or differing at one byte per class
   * ({@link #EQUAL} for no difference), loaded into the working arrays {@code x} and {@code y}.
   */
  private abstract static class ComparePairs extends Base {
    final int len;
    private final int[] diffAt;
    private byte[][][] a;
    private byte[][][] b;
    final byte[] x;
    final byte[] y;

    /**
     * Where a batch stores its results: no branch on a result inside the timed loop (a branch per
     * call would make the time depend on the result, which is not secret, and hide what we look
     * for).
     */
    final boolean[] results = new boolean[COMPARE_BATCH];

    ComparePairs(String name, int len, int diff0, int diff1) {
      super(name, "-", compareClass(diff0) + " | " + compareClass(diff1), COMPARE_BATCH);
      this.len = len;
      this.diffAt = new int[] {diff0, diff1};
      this.x = new byte[len];
      this.y = new byte[len];
    }

    @Override
    public void prepare(int poolSize, SplittableRandom random) {
      a = new byte[2][poolSize][];
      b = new byte[2][poolSize][];
      for (int i = 0; i < poolSize; i++) {
        for (int c = 0; c < 2; c++) { // the classes' arrays interleaved in memory
          a[c][i] = randomBytes(random, len);
          b[c][i] = a[c][i].clone();
          if (diffAt[c] != EQUAL) {
            b[c][i][diffAt[c]] ^= (byte) (1 + random.nextInt(255));
          }
        }
      }
    }

    @Override
    public void load(int cls, int index) {
      System.arraycopy(a[cls][index], 0, x, 0, len);
      System.arraycopy(b[cls][index], 0, y, 0, len);
    }
  }

  /** The check of the harness: an early-exit compare of 32 bytes, which must show evidence. */
  static TimingTarget leakyCompare(String name, int diff0, int diff1) {
    return new ComparePairs(name + " (harness check)", 32, diff0, diff1) {
      @Override
      public long run() {
        for (int k = 0; k < COMPARE_BATCH; k++) {
          results[k] = LeakyCompareForHarnessCheck.equals(x, y, len);
        }
        return results[COMPARE_BATCH - 1] ? 1 : 0;
      }
    };
  }

  /** {@link ConstantTime#equals(byte[], int, byte[], int, int)} on 16 bytes (a GCM or ZCP tag). */
  static TimingTarget constantTimeCompare(String name, int diff0, int diff1) {
    return new ComparePairs(name, 16, diff0, diff1) {
      @Override
      public long run() {
        for (int k = 0; k < COMPARE_BATCH; k++) {
          results[k] = ConstantTime.equals(x, 0, y, 0, len);
        }
        return results[COMPARE_BATCH - 1] ? 1 : 0;
      }
    };
  }

  /**
   * {@link RatchetState#hasFingerprint} (the ratchet lookup's comparison), 32 bytes: the state's
   * fingerprint is loaded into the working array {@code x} (the state wraps it), the candidate into
   * {@code y}.
   */
  static TimingTarget fingerprintCompare(String name, int diff0, int diff1) {
    return new ComparePairs(name, 32, diff0, diff1) {
      private final byte[] key = new byte[32];
      private RatchetState state;

      @Override
      public void load(int cls, int index) {
        super.load(cls, index);
        state = RatchetState.of(key, x, 1); // copies x: a new state object per measurement
      }

      @Override
      public long run() {
        RatchetState s = state;
        for (int k = 0; k < COMPARE_BATCH; k++) {
          results[k] = s.hasFingerprint(y);
        }
        return results[COMPARE_BATCH - 1] ? 1 : 0;
      }
    };
  }

  /** The second class of Kyber ciphertexts (the first is always valid ones). */
  enum Ciphertexts {
    /** Random bytes. */
    RANDOM("kyber-decaps-random", "random ct"),
    /** A valid ciphertext with one random byte changed. */
    TAMPERED("kyber-decaps-tampered", "valid ct, 1 byte changed"),
    /** Valid ciphertexts as well: the A/A control. */
    VALID("kyber-decaps-aa", "valid ct");

    final String name;
    final String description;

    Ciphertexts(String name, String description) {
      this.name = name;
      this.description = description;
    }
  }

  /** Kyber1024 decapsulation under one key pair: valid ciphertexts against {@code other}. */
  static TimingTarget kyberDecaps(CryptoProvider crypto, Ciphertexts other) {
    return new Base(other.name, "-", "valid ct | " + other.description, 1) {
      final Kem kem = crypto.kyber1024();
      final byte[] work = new byte[kem.ciphertextSizeInBytes()];
      KemKeyPair keyPair;
      byte[][][] ct;

      @Override
      public void prepare(int poolSize, SplittableRandom random) throws Exception {
        keyPair = kem.generateKeyPair();
        ct = new byte[2][poolSize][];
        for (int i = 0; i < poolSize; i++) {
          ct[0][i] = kem.encapsulate(keyPair.publicKey()).ciphertext();
          if (other == Ciphertexts.RANDOM) {
            ct[1][i] = randomBytes(random, kem.ciphertextSizeInBytes());
          } else {
            ct[1][i] = kem.encapsulate(keyPair.publicKey()).ciphertext();
            if (other == Ciphertexts.TAMPERED) {
              ct[1][i][random.nextInt(ct[1][i].length)] ^= (byte) (1 + random.nextInt(255));
            }
          }
        }
      }

      @Override
      public void load(int cls, int index) {
        System.arraycopy(ct[cls][index], 0, work, 0, work.length);
      }

      @Override
      public long run() throws Exception {
        return kem.decapsulate(keyPair, work)[0];
      }
    };
  }

  /**
   * Header unprotection as the engine does it: the receive key's AES block decryption in place on
   * bytes 4..20 of the datagram (copied each time from the loaded one, as decryption overwrites
   * it). Class 0: a header protected by the peer's encryptor (a valid header); class 1: random.
   */
  static TimingTarget headerUnprotect(String providerName, CryptoProvider crypto) {
    return new Base(
        "header-unprotect", providerName, "valid protected header | random 16 B", BLOCK_BATCH) {
      Aes256Block decryptor;
      byte[][][] datagrams;
      final byte[] loaded = new byte[FragmentHeader.SIZE + 4];
      final byte[] work = new byte[FragmentHeader.SIZE + 4];

      @Override
      public void prepare(int poolSize, SplittableRandom random) {
        byte[] key = randomBytes(random, 32);
        Aes256Block encryptor = crypto.aes256().newBlockEncryptor(key);
        decryptor = crypto.aes256().newBlockDecryptor(key);
        datagrams = new byte[2][poolSize][];
        for (int i = 0; i < poolSize; i++) {
          byte[] valid = randomBytes(random, work.length);
          FragmentHeader.write(
              valid, 0, random.nextInt(), 0, 1, PacketType.D, 1 + random.nextInt(1 << 20));
          encryptor.processBlock(
              valid, FragmentHeader.PROTECTED_OFFSET, valid, FragmentHeader.PROTECTED_OFFSET);
          datagrams[0][i] = valid;
          datagrams[1][i] = randomBytes(random, work.length);
        }
      }

      @Override
      public void load(int cls, int index) {
        System.arraycopy(datagrams[cls][index], 0, loaded, 0, loaded.length);
      }

      @Override
      public long run() {
        long r = 0;
        for (int k = 0; k < BLOCK_BATCH; k++) {
          System.arraycopy(loaded, 0, work, 0, work.length);
          decryptor.processBlock(
              work, FragmentHeader.PROTECTED_OFFSET, work, FragmentHeader.PROTECTED_OFFSET);
          r += work[FragmentHeader.TYPE_OFFSET];
        }
        return r;
      }
    };
  }

  /**
   * AES-256-GCM open of a {@code size}-byte plaintext whose tag is wrong: in the first byte (class
   * 0) or in byte {@code wrong1} (class 1: 15, the last, or 0 for the A/A control). Whether a
   * packet verifies is visible anyway (it is dropped or not); where the tag differs must not be.
   */
  static TimingTarget gcmOpen(String providerName, CryptoProvider crypto, int size, int wrong1) {
    return new Base(
        "gcm-open-" + size + (wrong1 == 0 ? "-aa" : ""),
        providerName,
        "tag wrong in byte 0 | tag wrong in byte " + wrong1,
        1) {
      final int sealedLen = size + Aes256Gcm.TAG_SIZE_IN_BYTES;
      final byte[] nonce = new byte[Aes256Gcm.NONCE_SIZE_IN_BYTES];
      final byte[] in = new byte[sealedLen];
      final byte[] out = new byte[sealedLen];
      Aes256Gcm gcm;
      byte[][][] nonces;
      byte[][][] sealed;

      @Override
      public void prepare(int poolSize, SplittableRandom random) {
        gcm = crypto.aes256().newGcm(randomBytes(random, 32));
        nonces = new byte[2][poolSize][];
        sealed = new byte[2][poolSize][];
        for (int i = 0; i < poolSize; i++) {
          for (int c = 0; c < 2; c++) { // the classes' arrays interleaved in memory
            byte[] pt = randomBytes(random, size);
            byte[] s = new byte[sealedLen];
            byte[] n = randomBytes(random, Aes256Gcm.NONCE_SIZE_IN_BYTES); // one seal each
            gcm.seal(n, null, pt, 0, size, s, 0);
            s[size + (c == 0 ? 0 : wrong1)] ^= (byte) (1 + random.nextInt(255));
            nonces[c][i] = n;
            sealed[c][i] = s;
          }
        }
      }

      @Override
      public void load(int cls, int index) {
        System.arraycopy(nonces[cls][index], 0, nonce, 0, nonce.length);
        System.arraycopy(sealed[cls][index], 0, in, 0, sealedLen);
      }

      @Override
      public long run() {
        return gcm.open(nonce, null, in, 0, sealedLen, out, 0);
      }
    };
  }

  /** A random scalar from the provider's own key generation, exported. */
  private static byte[] randomScalar(P384 p384) {
    P384KeyPair kp = p384.generateKeyPair();
    byte[] d = kp.exportPrivateScalar();
    kp.destroy();
    return d;
  }

  /**
   * P-384 ECDH with chosen private scalars (class 0: a pool of key pairs) against random
   * full-length ones (class 1), with one fixed peer public key.
   */
  static TimingTarget p384Agree(String providerName, CryptoProvider crypto, Scalars chosen) {
    return new Base("p384-ecdh-" + chosen.label, providerName, chosen.classes(), 1) {
      final P384 p384 = crypto.p384();
      final byte[] out = new byte[P384.SHARED_SECRET_SIZE_IN_BYTES];
      P384KeyPair[][] keys;
      P384PublicKey peer;
      P384KeyPair current;

      @Override
      public void prepare(int poolSize, SplittableRandom random) throws Exception {
        peer = p384.generateKeyPair().publicKey();
        keys = new P384KeyPair[2][poolSize];
        for (int i = 0; i < poolSize; i++) {
          keys[0][i] = p384.importPrivateKey(chosen.draw(p384, random));
          keys[1][i] = p384.importPrivateKey(fullLengthScalar(p384));
        }
      }

      @Override
      public void load(int cls, int index) {
        current = keys[cls][index];
      }

      @Override
      public long run() {
        p384.agree(current, peer, out, 0);
        return out[0];
      }
    };
  }

  /**
   * P-384 public-key derivation, {@link P384#importPrivateKey} (the scalar's checks and d·G), on
   * chosen scalars (class 0) against random full-length ones (class 1).
   */
  static TimingTarget p384Import(String providerName, CryptoProvider crypto, Scalars chosen) {
    return new Base("p384-import-" + chosen.label, providerName, chosen.classes(), 1) {
      final P384 p384 = crypto.p384();
      final byte[] work = new byte[P384.PRIVATE_KEY_SIZE_IN_BYTES];
      byte[][][] scalars;

      @Override
      public void prepare(int poolSize, SplittableRandom random) {
        scalars = new byte[2][poolSize][];
        for (int i = 0; i < poolSize; i++) {
          scalars[0][i] = chosen.draw(p384, random);
          scalars[1][i] = fullLengthScalar(p384);
        }
      }

      @Override
      public void load(int cls, int index) {
        System.arraycopy(scalars[cls][index], 0, work, 0, work.length);
      }

      @Override
      public long run() throws Exception {
        P384KeyPair kp = p384.importPrivateKey(work);
        long r = kp.publicKey().encoded()[1];
        kp.destroy();
        return r;
      }
    };
  }

  /** DER of a PKCS#8 P-384 private key up to the 48-byte scalar (RFC 5208 around RFC 5915). */
  private static final byte[] PKCS8_PREFIX =
      java.util.HexFormat.of()
          .parseHex("304e020100301006072a8648ce3d020106052b81040022043730350201010430");

  /**
   * A diagnostic of the native provider's import: only the creation of the AWS-LC private key, from
   * {@code new ECPrivateKeySpec(d, params)} as {@code AccpP384.keyPairOf} does ({@code pkcs8 ==
   * false}), or from a fixed-length PKCS#8 encoding of the 48-byte scalar (the candidate
   * replacement). Class 0: d with a zero top byte; class 1: d with its top bit set.
   */
  static TimingTarget accpPrivateKey(boolean pkcs8) {
    return new Base(
        pkcs8 ? "accp-privkey-pkcs8-short" : "accp-privkey-spec-short",
        "native",
        "random d < 2^376 (top byte 0) | random d (top bit set)",
        1) {
      final byte[] work = new byte[P384.PRIVATE_KEY_SIZE_IN_BYTES];
      java.security.Provider accp;
      java.security.spec.ECParameterSpec params;
      byte[][][] scalars;

      @Override
      public void prepare(int poolSize, SplittableRandom random) throws Exception {
        accp = com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE;
        java.security.KeyPairGenerator kpg = java.security.KeyPairGenerator.getInstance("EC", accp);
        kpg.initialize(new java.security.spec.ECGenParameterSpec("secp384r1"));
        params =
            ((java.security.interfaces.ECPublicKey) kpg.generateKeyPair().getPublic()).getParams();
        scalars = new byte[2][poolSize][];
        for (int i = 0; i < poolSize; i++) {
          for (int c = 0; c < 2; c++) {
            byte[] d = randomBytes(random, P384.PRIVATE_KEY_SIZE_IN_BYTES);
            if (c == 0) {
              d[0] = 0;
              d[1] |= 1;
            } else {
              d[0] |= (byte) 0x80;
              d[0] &= (byte) 0xfe; // stays below n, whose top 190 bits are all one
            }
            scalars[c][i] = d;
          }
        }
      }

      @Override
      public void load(int cls, int index) {
        System.arraycopy(scalars[cls][index], 0, work, 0, work.length);
      }

      @Override
      public long run() throws Exception {
        java.security.KeyFactory kf = java.security.KeyFactory.getInstance("EC", accp);
        java.security.PrivateKey key;
        if (pkcs8) {
          byte[] der = java.util.Arrays.copyOf(PKCS8_PREFIX, PKCS8_PREFIX.length + work.length);
          System.arraycopy(work, 0, der, PKCS8_PREFIX.length, work.length);
          key = kf.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
        } else {
          key =
              kf.generatePrivate(
                  new java.security.spec.ECPrivateKeySpec(
                      new java.math.BigInteger(1, work), params));
        }
        return key.hashCode();
      }
    };
  }
}
