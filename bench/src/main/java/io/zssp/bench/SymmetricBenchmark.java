package io.zssp.bench;

import io.zssp.crypto.Aes256Block;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.HmacSha512;
import io.zssp.crypto.Kbkdf;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * The small symmetric operations: HMAC-SHA-512 of 100 bytes (with a new key each time, as every
 * KBKDF call has, and with a reused keyed context), KBKDF with two outputs as MixKey does it, and
 * one AES-256 block as header protection does it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SymmetricBenchmark {
  private HmacSha512 hmac;
  private HmacSha512.Context keyedHmac;
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
    CryptoProvider crypto = DefaultCryptoProvider.create();
    Random rnd = new Random(1);
    key = bytes(rnd, 32);
    message100 = bytes(rnd, 100);
    ikm49 = bytes(rnd, 49);
    ck64 = bytes(rnd, 64);
    hmac = crypto.hmacSha512();
    keyedHmac = hmac.newContext(key);
    kbkdf = new Kbkdf(hmac);
    headerCipher = crypto.aes256().newBlockEncryptor(key);
    rnd.nextBytes(header);
  }

  private static byte[] bytes(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  @Benchmark
  public byte[] hmac100_newKey() {
    HmacSha512.Context c = hmac.newContext(key);
    c.update(message100, 0, message100.length);
    c.doFinal(mac, 0);
    return mac;
  }

  @Benchmark
  public byte[] hmac100_reusedContext() {
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
  public byte[] aesHeaderBlock() {
    headerCipher.processBlock(header, 4, header, 4);
    return header;
  }
}
