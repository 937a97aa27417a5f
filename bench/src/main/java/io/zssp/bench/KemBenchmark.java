package io.zssp.bench;

import io.zssp.crypto.KemEncapsulation;
import io.zssp.crypto.KemKeyPair;
import io.zssp.crypto.internal.SecureRandomSource;
import io.zssp.crypto.kyber.Kyber1024Round3;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.generators.MLKEMKeyPairGenerator;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.MLKEMKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Our round-3 Kyber1024 next to BouncyCastle's ML-KEM-1024 (same lattice core, different FO
 * transform): key generation, encapsulation, decapsulation, and the three together, which is what
 * one ZSSP handshake costs the two sides in total.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KemBenchmark {
  private Kyber1024Round3 kyber;
  private KemKeyPair kyberKeys;
  private byte[] kyberPk;
  private byte[] kyberCt;

  private MLKEMKeyPairGenerator mlkemKeyGen;
  private MLKEMGenerator mlkemEncaps;
  private MLKEMPublicKeyParameters mlkemPub;
  private MLKEMExtractor mlkemDecaps;
  private byte[] mlkemCt;

  @Setup
  public void setup() throws InvalidKeyException {
    kyber = new Kyber1024Round3(new SecureRandomSource());
    kyberKeys = kyber.generateKeyPair();
    kyberPk = kyberKeys.publicKey();
    kyberCt = kyber.encapsulate(kyberPk).ciphertext();

    SecureRandom random = new SecureRandom();
    mlkemKeyGen = new MLKEMKeyPairGenerator();
    mlkemKeyGen.init(new MLKEMKeyGenerationParameters(random, MLKEMParameters.ml_kem_1024));
    AsymmetricCipherKeyPair kp = mlkemKeyGen.generateKeyPair();
    mlkemPub = (MLKEMPublicKeyParameters) kp.getPublic();
    mlkemDecaps = new MLKEMExtractor((MLKEMPrivateKeyParameters) kp.getPrivate());
    mlkemEncaps = new MLKEMGenerator(random);
    mlkemCt = mlkemEncaps.generateEncapsulated(mlkemPub).getEncapsulation();
  }

  @Benchmark
  public KemKeyPair kyberR3_keyGen() {
    return kyber.generateKeyPair();
  }

  @Benchmark
  public KemEncapsulation kyberR3_encaps() throws InvalidKeyException {
    return kyber.encapsulate(kyberPk);
  }

  @Benchmark
  public byte[] kyberR3_decaps() throws InvalidKeyException {
    return kyber.decapsulate(kyberKeys, kyberCt);
  }

  @Benchmark
  public byte[] kyberR3_keyGenEncapsDecaps() throws InvalidKeyException {
    KemKeyPair kp = kyber.generateKeyPair();
    KemEncapsulation enc = kyber.encapsulate(kp.publicKey());
    return kyber.decapsulate(kp, enc.ciphertext());
  }

  @Benchmark
  public AsymmetricCipherKeyPair bcMlKem_keyGen() {
    return mlkemKeyGen.generateKeyPair();
  }

  @Benchmark
  public SecretWithEncapsulation bcMlKem_encaps() {
    return mlkemEncaps.generateEncapsulated(mlkemPub);
  }

  @Benchmark
  public byte[] bcMlKem_decaps() {
    return mlkemDecaps.extractSecret(mlkemCt);
  }

  @Benchmark
  public byte[] bcMlKem_keyGenEncapsDecaps() {
    AsymmetricCipherKeyPair kp = mlkemKeyGen.generateKeyPair();
    SecretWithEncapsulation enc =
        mlkemEncaps.generateEncapsulated((MLKEMPublicKeyParameters) kp.getPublic());
    return new MLKEMExtractor((MLKEMPrivateKeyParameters) kp.getPrivate())
        .extractSecret(enc.getEncapsulation());
  }
}
