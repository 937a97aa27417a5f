package io.zssp.bench;

import io.zssp.crypto.Aes256;
import io.zssp.crypto.Aes256Gcm;
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
 * AES-256-GCM per packet through the provider's pre-keyed context, the default provider (SunJCE)
 * and the native one in one run (AWS-LC from 128 bytes, the JDK's cipher below, so the 64-byte rows
 * compare the JDK with itself plus the native provider's dispatch), as {@link AesGcmBenchmark}
 * measures it: {@code seal} = nonce n(8, counter) for a fresh counter, then seal in place; {@code
 * open} = verify and decrypt a valid packet into a separate buffer. Run with {@code -prof gc} for
 * the allocation per packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CryptoProviderGcmBenchmark {
  private static final byte TYPE_DATA = 8;

  @Param({"default", "native"})
  public String crypto;

  @Param({"64", "1400", "8000"})
  public int size;

  private Aes256Gcm sealer;
  private Aes256Gcm opener;
  private byte[] buffer;
  private byte[] sealedPacket;
  private byte[] sealedNonce;
  private byte[] plaintextOut;
  private final byte[] nonce = new byte[12];
  private long counter;

  @Setup
  public void setup() {
    Random rnd = new Random(1);
    byte[] key = new byte[32];
    rnd.nextBytes(key);
    Aes256 aes = CryptoProviders.named(crypto).aes256();
    sealer = aes.newGcm(key);
    opener = aes.newGcm(key);
    buffer = new byte[size + 16];
    rnd.nextBytes(buffer);
    sealedNonce = nonce(TYPE_DATA, 42, new byte[12]);
    sealedPacket = new byte[size + 16];
    sealer.seal(sealedNonce, null, buffer, 0, size, sealedPacket, 0);
    plaintextOut = new byte[size];
  }

  private static byte[] nonce(byte type, long counter, byte[] out) {
    out[3] = type;
    for (int i = 0; i < 8; i++) {
      out[4 + i] = (byte) (counter >>> (56 - 8 * i));
    }
    return out;
  }

  @Benchmark
  public int seal() {
    nonce(TYPE_DATA, ++counter, nonce);
    return sealer.seal(nonce, null, buffer, 0, size, buffer, 0);
  }

  @Benchmark
  public int open() {
    int n = opener.open(sealedNonce, null, sealedPacket, 0, sealedPacket.length, plaintextOut, 0);
    if (n != size) {
      throw new AssertionError("open failed");
    }
    return n;
  }
}
