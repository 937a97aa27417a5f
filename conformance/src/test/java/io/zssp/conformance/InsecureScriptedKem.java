package io.zssp.conformance;

import io.zssp.crypto.Kem;
import io.zssp.crypto.KemEncapsulation;
import io.zssp.crypto.KemKeyPair;
import io.zssp.crypto.RandomSource;
import io.zssp.crypto.kyber.Kyber1024Round3;
import io.zssp.testkit.Hex;
import io.zssp.testkit.VectorFiles;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * INSECURE, tests only: a real round-3 {@link Kyber1024Round3} whose randombytes calls are served
 * from one side's recorded {@code kyber1024_keypair} ({@code seed_d}, then {@code seed_z}) and
 * {@code kyber1024_encapsulation} ({@code coins}) values, merged in {@code seq} order, 32 bytes per
 * call. Each result is checked against the recorded public key or ciphertext, so a value served to
 * the wrong operation, or an encapsulation to a different public key, fails with a clear message.
 */
final class InsecureScriptedKem implements Kem {
  private final ScriptedValueQueue queue;
  private final ScriptLog log;
  private final InsecureScriptedCrypto owner;
  private final Kyber1024Round3 real;

  InsecureScriptedKem(ScriptedValueQueue queue, ScriptLog log, InsecureScriptedCrypto owner) {
    this.queue = queue;
    this.log = log;
    this.owner = owner;
    this.real =
        new Kyber1024Round3(
            new RandomSource() {
              @Override
              public void nextBytes(byte[] out, int off, int len) {
                ScriptedValueQueue.Chunk c = queue.take(len, owner.currentStep());
                System.arraycopy(c.bytes, 0, out, off, len);
              }
            });
  }

  @Override
  public int publicKeySizeInBytes() {
    return real.publicKeySizeInBytes();
  }

  @Override
  public int secretKeySizeInBytes() {
    return real.secretKeySizeInBytes();
  }

  @Override
  public int ciphertextSizeInBytes() {
    return real.ciphertextSizeInBytes();
  }

  @Override
  public int sharedSecretSizeInBytes() {
    return real.sharedSecretSizeInBytes();
  }

  @Override
  public boolean isValidPublicKey(byte[] publicKey) {
    return real.isValidPublicKey(publicKey);
  }

  @Override
  public KemKeyPair generateKeyPair() {
    KemKeyPair kp = real.generateKeyPair();
    ScriptedValueQueue.Chunk c = queue.last();
    if (!c.value.get("kind").asText().equals("kyber1024_keypair") || !"seed_z".equals(c.part)) {
      throw log.fail(
          owner.name()
              + ": Kyber key generation was served "
              + c.describe()
              + " instead of a kyber1024_keypair's seed_d and seed_z");
    }
    if (!Arrays.equals(kp.publicKey(), VectorFiles.hex(c.value, "public"))) {
      throw log.fail(
          owner.name()
              + ": Kyber key pair from "
              + c.describe()
              + " does not reproduce the recorded public key");
    }
    return kp;
  }

  @Override
  public KemEncapsulation encapsulate(byte[] publicKey) throws InvalidKeyException {
    KemEncapsulation enc = real.encapsulate(publicKey);
    ScriptedValueQueue.Chunk c = queue.last();
    if (!c.value.get("kind").asText().equals("kyber1024_encapsulation")) {
      throw log.fail(
          owner.name()
              + ": Kyber encapsulation was served "
              + c.describe()
              + " instead of a kyber1024_encapsulation's coins");
    }
    String expectedKey = c.value.get("public_key_sha512_first16").asText();
    String actualKey = Hex.encode(sha512(publicKey), 0, 16);
    if (!expectedKey.equals(actualKey)) {
      throw log.fail(
          owner.name()
              + ": Kyber encapsulation "
              + c.describe()
              + " is to a public key with SHA-512 prefix "
              + actualKey
              + ", canonical "
              + expectedKey);
    }
    if (!Arrays.equals(enc.ciphertext(), VectorFiles.hex(c.value, "ciphertext"))) {
      throw log.fail(
          owner.name()
              + ": Kyber encapsulation "
              + c.describe()
              + " does not reproduce the recorded ciphertext");
    }
    return enc;
  }

  @Override
  public byte[] decapsulate(KemKeyPair keyPair, byte[] ciphertext) throws InvalidKeyException {
    return real.decapsulate(keyPair, ciphertext);
  }

  private static byte[] sha512(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-512").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
