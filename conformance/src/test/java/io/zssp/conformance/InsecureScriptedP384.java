package io.zssp.conformance;

import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import io.zssp.crypto.internal.BcP384;
import io.zssp.testkit.Hex;
import io.zssp.testkit.VectorFiles;
import java.security.InvalidKeyException;
import java.util.Arrays;

/**
 * INSECURE, tests only: a {@link P384} whose "fresh" key pairs are the recorded {@code
 * p384_ephemeral_keypair} values of one side, in order. The scalar is imported through a real
 * {@link BcP384} and its public key checked against the recorded one; decoding, import and ECDH are
 * the real BcP384's.
 */
final class InsecureScriptedP384 implements P384 {
  private final BcP384 real;
  private final ScriptedValueQueue queue;
  private final ScriptLog log;
  private final InsecureScriptedCrypto owner;

  InsecureScriptedP384(
      BcP384 real, ScriptedValueQueue queue, ScriptLog log, InsecureScriptedCrypto owner) {
    this.real = real;
    this.queue = queue;
    this.log = log;
    this.owner = owner;
  }

  @Override
  public P384KeyPair generateKeyPair() {
    ScriptedValueQueue.Chunk c = queue.take(-1, owner.currentStep());
    byte[] expectedPublic = VectorFiles.hex(c.value, "public");
    P384KeyPair kp;
    try {
      kp = real.importPrivateKey(c.bytes);
    } catch (InvalidKeyException e) {
      throw log.fail(
          owner.name()
              + ": recorded P-384 scalar "
              + c.describe()
              + " is invalid: "
              + e.getMessage());
    }
    byte[] derived = kp.publicKey().encoded();
    if (!Arrays.equals(derived, expectedPublic)) {
      throw log.fail(
          owner.name()
              + ": P-384 scalar "
              + c.describe()
              + " gives public key "
              + Hex.encode(derived)
              + ", recorded "
              + Hex.encode(expectedPublic));
    }
    return kp;
  }

  @Override
  public P384PublicKey decodePublicKey(byte[] encoded) throws InvalidKeyException {
    return real.decodePublicKey(encoded);
  }

  @Override
  public P384KeyPair importPrivateKey(byte[] scalar) throws InvalidKeyException {
    return real.importPrivateKey(scalar);
  }

  @Override
  public void agree(P384KeyPair privateKey, P384PublicKey publicKey, byte[] out, int off) {
    real.agree(privateKey, publicKey, out, off);
  }
}
