package io.zssp.bench;

import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import io.zssp.crypto.internal.BcP384;
import io.zssp.crypto.internal.SecureRandomSource;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyAgreement;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * P-384 as a handshake uses it: key generation, ECDH, and decoding a received compressed key,
 * through this project's own implementation (the default) and BouncyCastle's. The {@code sunEc_*}
 * benchmarks are the JDK alternative we measured against.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class P384Benchmark {
  /**
   * {@code default}: the default provider's P-384 (this project's own, {@code JavaP384}); {@code
   * bouncycastle}: BouncyCastle's ({@code BcP384}), the default before.
   */
  @Param({"default", "bouncycastle"})
  public String impl;

  private P384 p384;
  private P384KeyPair mine;
  private P384PublicKey peer;
  private byte[] peerEncoded;
  private final byte[] shared = new byte[P384.SHARED_SECRET_SIZE_IN_BYTES];

  private KeyPairGenerator sunEcGenerator;
  private KeyPair sunEcMine;
  private KeyPair sunEcPeer;

  @Setup
  public void setup() throws GeneralSecurityException {
    p384 =
        impl.equals("bouncycastle")
            ? new BcP384(new SecureRandomSource())
            : DefaultCryptoProvider.create().p384();
    mine = p384.generateKeyPair();
    peer = p384.generateKeyPair().publicKey();
    peerEncoded = peer.encoded();
    sunEcGenerator = KeyPairGenerator.getInstance("EC", "SunEC");
    sunEcGenerator.initialize(new ECGenParameterSpec("secp384r1"));
    sunEcMine = sunEcGenerator.generateKeyPair();
    sunEcPeer = sunEcGenerator.generateKeyPair();
  }

  @Benchmark
  public P384KeyPair keyGeneration() {
    return p384.generateKeyPair();
  }

  @Benchmark
  public byte[] ecdh() {
    p384.agree(mine, peer, shared, 0);
    return shared;
  }

  @Benchmark
  public P384PublicKey decodeCompressed() throws InvalidKeyException {
    return p384.decodePublicKey(peerEncoded);
  }

  @Benchmark
  public KeyPair sunEc_keyGeneration() {
    return sunEcGenerator.generateKeyPair();
  }

  @Benchmark
  public byte[] sunEc_ecdh() throws GeneralSecurityException {
    KeyAgreement ka = KeyAgreement.getInstance("ECDH", "SunEC");
    ka.init(sunEcMine.getPrivate());
    ka.doPhase(sunEcPeer.getPublic(), true);
    return ka.generateSecret();
  }
}
