package io.zssp.bench;

import io.zssp.crypto.Aes256Block;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.HmacSha512;
import io.zssp.crypto.Kbkdf;
import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import io.zssp.crypto.Sha512;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * Every primitive but AES-GCM ({@link CryptoProviderGcmBenchmark}) through the provider's SPI, the
 * default and the native provider in one run: P-384 key generation, ECDH and compressed-point
 * decoding; HMAC-SHA-512 of 100 bytes with a new key (as each KBKDF step) and with a keyed context;
 * KBKDF with two outputs (MixKey); SHA-512 of 100 bytes; one AES-256 block (header protection).
 * With {@code crypto=native} each row is whatever implementation the native provider chose for that
 * primitive; {@link AccpAlternativesBenchmark} has the ACCP variants it did not choose.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CryptoProviderPrimitivesBenchmark {
  @Param({"default", "native"})
  public String crypto;

  private P384 p384;
  private P384KeyPair mine;
  private P384PublicKey peer;
  private byte[] peerEncoded;
  private final byte[] shared = new byte[P384.SHARED_SECRET_SIZE_IN_BYTES];
  private HmacSha512 hmac;
  private HmacSha512.Context keyedHmac;
  private Sha512.Digest digest;
  private Kbkdf kbkdf;
  private Aes256Block headerCipher;
  private byte[] key;
  private byte[] message100;
  private byte[] ikm49;
  private byte[] ck64;
  private final byte[] label = "ZSSP".getBytes(StandardCharsets.US_ASCII);
  private final byte[] mac = new byte[64];
  private final byte[] out1 = new byte[64];
  private final byte[] out2 = new byte[64];
  private final byte[] header = new byte[32];

  @Setup
  public void setup() {
    CryptoProvider provider = CryptoProviders.named(crypto);
    p384 = provider.p384();
    mine = p384.generateKeyPair();
    peer = p384.generateKeyPair().publicKey();
    peerEncoded = peer.encoded();
    Random rnd = new Random(1);
    key = bytes(rnd, 32);
    message100 = bytes(rnd, 100);
    ikm49 = bytes(rnd, 49);
    ck64 = bytes(rnd, 64);
    hmac = provider.hmacSha512();
    keyedHmac = hmac.newContext(key);
    digest = provider.sha512().newDigest();
    kbkdf = new Kbkdf(hmac);
    headerCipher = provider.aes256().newBlockEncryptor(key);
    rnd.nextBytes(header);
  }

  private static byte[] bytes(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  @Benchmark
  public P384KeyPair p384KeyGeneration() {
    return p384.generateKeyPair();
  }

  @Benchmark
  public byte[] p384Ecdh() {
    p384.agree(mine, peer, shared, 0);
    return shared;
  }

  @Benchmark
  public P384PublicKey p384DecodeCompressed() throws InvalidKeyException {
    return p384.decodePublicKey(peerEncoded);
  }

  @Benchmark
  public byte[] hmac100NewKey() {
    HmacSha512.Context c = hmac.newContext(key);
    c.update(message100, 0, message100.length);
    c.doFinal(mac, 0);
    return mac;
  }

  @Benchmark
  public byte[] hmac100ReusedContext() {
    keyedHmac.update(message100, 0, message100.length);
    keyedHmac.doFinal(mac, 0);
    return mac;
  }

  @Benchmark
  public byte[] kbkdf2Outputs() {
    kbkdf.derive(ikm49, label, ck64, 2, out1, out2);
    return out2;
  }

  @Benchmark
  public byte[] sha512Of100() {
    digest.update(message100, 0, message100.length);
    digest.doFinal(mac, 0);
    return mac;
  }

  @Benchmark
  public byte[] aesHeaderBlock() {
    headerCipher.processBlock(header, 4, header, 4);
    return header;
  }
}
