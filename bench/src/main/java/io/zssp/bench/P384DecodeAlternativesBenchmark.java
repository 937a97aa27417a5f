package io.zssp.bench;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384;
import io.zssp.crypto.P384PublicKey;
import io.zssp.crypto.accp.NativeCryptoProvider;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
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
 * Decoding a received 49-byte compressed P-384 key, three ways: the default provider
 * (BouncyCastle's decompression and checks), the native provider as built (AWS-LC decompresses:
 * ACCP {@code KeyFactory "EC"} on a SubjectPublicKeyInfo carrying the compressed point, which also
 * gives the key object its ECDH needs), and the rejected alternative of BouncyCastle's
 * decompression followed by an AWS-LC key made from the uncompressed point.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class P384DecodeAlternativesBenchmark {
  private static final byte[] UNCOMPRESSED_SPKI_PREFIX =
      HexFormat.of().parseHex("3076301006072a8648ce3d020106052b81040022036200");
  private static final ECCurve CURVE =
      org.bouncycastle.crypto.ec.CustomNamedCurves.getByName("secp384r1").getCurve();

  private P384 bouncyCastle;
  private P384 nativeProvider;
  private KeyFactory awsLc;
  private byte[] encoded;

  @Setup
  public void setup() throws GeneralSecurityException {
    bouncyCastle = DefaultCryptoProvider.create().p384();
    nativeProvider = NativeCryptoProvider.create().p384();
    awsLc = KeyFactory.getInstance("EC", AmazonCorrettoCryptoProvider.INSTANCE);
    encoded = bouncyCastle.generateKeyPair().publicKey().encoded();
  }

  @Benchmark
  public P384PublicKey defaultProvider() throws InvalidKeyException {
    return bouncyCastle.decodePublicKey(encoded);
  }

  @Benchmark
  public P384PublicKey nativeProvider() throws InvalidKeyException {
    return nativeProvider.decodePublicKey(encoded);
  }

  @Benchmark
  public PublicKey bouncyCastleThenAwsLcKey() throws GeneralSecurityException {
    ECPoint point = CURVE.decodePoint(encoded).normalize();
    if (!point.isValid()) {
      throw new InvalidKeyException("not on the curve");
    }
    byte[] spki = Arrays.copyOf(UNCOMPRESSED_SPKI_PREFIX, UNCOMPRESSED_SPKI_PREFIX.length + 97);
    point.encodeTo(false, spki, UNCOMPRESSED_SPKI_PREFIX.length);
    return awsLc.generatePublic(new X509EncodedKeySpec(spki));
  }
}
