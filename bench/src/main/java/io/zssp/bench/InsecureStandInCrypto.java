package io.zssp.bench;

import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.ForwardingCryptoProvider;
import io.zssp.crypto.Kem;
import io.zssp.crypto.KemEncapsulation;
import io.zssp.crypto.KemKeyPair;
import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import io.zssp.crypto.RandomSource;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * <b>INSECURE</b>: a stand-in for P-384 and Kyber1024 that costs a few hashes instead of ≈ 5 ms of
 * public-key work per handshake, so that a memory-scaling run can establish a million sessions in
 * minutes. Everything else (AES-GCM and header-protection contexts, SHA-512, HMAC-SHA-512, every
 * session structure and timer) is the default provider's real code, so the sessions it builds weigh
 * what real ones weigh. Public keys are 49 bytes and KEM values have Kyber1024's sizes.
 *
 * <p>"ECDH" here is a hash of both public keys, "KEM" a hash of the public key and the ciphertext:
 * anyone can compute every secret. It lives in the {@code bench} module only and must never be used
 * for anything but measuring. Thread-safe.
 */
final class InsecureStandInCrypto extends ForwardingCryptoProvider {
  private final RandomSource random;
  private final P384 p384 = new StandInP384();
  private final Kem kem = new StandInKem();

  /**
   * @param seed seeds a fast non-cryptographic random source (reproducible runs)
   */
  InsecureStandInCrypto(long seed) {
    super(DefaultCryptoProvider.create());
    SplittableRandom root = new SplittableRandom(seed);
    ThreadLocal<SplittableRandom> perThread =
        ThreadLocal.withInitial(
            () -> {
              synchronized (root) {
                return root.split();
              }
            });
    this.random =
        (out, off, len) -> {
          SplittableRandom r = perThread.get();
          for (int i = 0; i < len; i++) {
            out[off + i] = (byte) r.nextInt();
          }
        };
  }

  @Override
  public P384 p384() {
    return p384;
  }

  @Override
  public Kem kyber1024() {
    return kem;
  }

  @Override
  public RandomSource random() {
    return random;
  }

  private byte[] hash(byte[]... parts) {
    return sha512().hash(parts);
  }

  private static final class PublicKey implements P384PublicKey {
    final byte[] encoded;

    PublicKey(byte[] encoded) {
      this.encoded = encoded;
    }

    @Override
    public byte[] encoded() {
      return encoded.clone();
    }

    @Override
    public void writeEncoded(byte[] out, int off) {
      System.arraycopy(encoded, 0, out, off, encoded.length);
    }
  }

  private static final class KeyPair implements P384KeyPair {
    final byte[] scalar;
    final PublicKey publicKey;

    KeyPair(byte[] scalar, PublicKey publicKey) {
      this.scalar = scalar;
      this.publicKey = publicKey;
    }

    @Override
    public P384PublicKey publicKey() {
      return publicKey;
    }

    @Override
    public byte[] exportPrivateScalar() {
      return scalar.clone();
    }

    @Override
    public void destroy() {
      Arrays.fill(scalar, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
      return false;
    }
  }

  private final class StandInP384 implements P384 {
    @Override
    public P384KeyPair generateKeyPair() {
      byte[] d = new byte[PRIVATE_KEY_SIZE_IN_BYTES];
      random.nextBytes(d);
      return keyPairOf(d);
    }

    private P384KeyPair keyPairOf(byte[] d) {
      byte[] q = new byte[PUBLIC_KEY_SIZE_IN_BYTES];
      q[0] = 2;
      System.arraycopy(hash(d), 0, q, 1, PUBLIC_KEY_SIZE_IN_BYTES - 1);
      return new KeyPair(d, new PublicKey(q));
    }

    @Override
    public P384PublicKey decodePublicKey(byte[] encoded) throws InvalidKeyException {
      if (encoded == null
          || encoded.length != PUBLIC_KEY_SIZE_IN_BYTES
          || (encoded[0] != 2 && encoded[0] != 3)) {
        throw new InvalidKeyException("not a 49-byte compressed key");
      }
      return new PublicKey(encoded.clone());
    }

    @Override
    public P384KeyPair importPrivateKey(byte[] scalar) throws InvalidKeyException {
      if (scalar == null || scalar.length != PRIVATE_KEY_SIZE_IN_BYTES) {
        throw new InvalidKeyException("not a 48-byte scalar");
      }
      return keyPairOf(scalar.clone());
    }

    @Override
    public void agree(P384KeyPair privateKey, P384PublicKey publicKey, byte[] out, int off) {
      byte[] mine = ((KeyPair) privateKey).publicKey.encoded;
      byte[] theirs = publicKey.encoded();
      boolean mineFirst = Arrays.compare(mine, theirs) < 0;
      byte[] h = mineFirst ? hash(mine, theirs) : hash(theirs, mine);
      System.arraycopy(h, 0, out, off, SHARED_SECRET_SIZE_IN_BYTES);
    }
  }

  private final class StandInKem implements Kem {
    @Override
    public int publicKeySizeInBytes() {
      return 1568;
    }

    @Override
    public int secretKeySizeInBytes() {
      return 3168;
    }

    @Override
    public int ciphertextSizeInBytes() {
      return 1568;
    }

    @Override
    public int sharedSecretSizeInBytes() {
      return 32;
    }

    /** Its public keys are hashes, not Kyber keys: only the size is checked. */
    @Override
    public boolean isValidPublicKey(byte[] publicKey) {
      return publicKey != null && publicKey.length == publicKeySizeInBytes();
    }

    @Override
    public KemKeyPair generateKeyPair() {
      byte[] pk = new byte[publicKeySizeInBytes()];
      random.nextBytes(pk, 0, 32);
      byte[] sk = new byte[secretKeySizeInBytes()];
      System.arraycopy(pk, 0, sk, 0, pk.length);
      return new KemKeyPair(pk, sk);
    }

    @Override
    public KemEncapsulation encapsulate(byte[] publicKey) throws InvalidKeyException {
      if (publicKey.length != publicKeySizeInBytes()) {
        throw new InvalidKeyException("bad public key size");
      }
      byte[] ct = new byte[ciphertextSizeInBytes()];
      random.nextBytes(ct, 0, 32);
      return new KemEncapsulation(ct, Arrays.copyOf(hash(publicKey, ct), 32));
    }

    @Override
    public byte[] decapsulate(KemKeyPair keyPair, byte[] ciphertext) throws InvalidKeyException {
      if (ciphertext.length != ciphertextSizeInBytes()) {
        throw new InvalidKeyException("bad ciphertext size");
      }
      return Arrays.copyOf(hash(keyPair.publicKey(), ciphertext), 32);
    }
  }
}
