package io.zssp.bench;

import io.zssp.crypto.Aes256Gcm;
import io.zssp.crypto.DefaultCryptoProvider;
import java.security.GeneralSecurityException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
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
 * AES-256-GCM per packet, as a ZSSP data packet uses it: build the nonce n(8, counter) for a fresh
 * counter, then seal in place through a pre-keyed context (key schedule done once per key). {@code
 * open} verifies and decrypts a valid packet. {@code sealNewCipherPerPacket} is the pattern we
 * rejected: {@code Cipher.getInstance} and a new key object for every packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AesGcmBenchmark {
  private static final byte TYPE_DATA = 8;

  @Param({"64", "1400", "65536"})
  public int size;

  private byte[] key;
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
    key = new byte[32];
    rnd.nextBytes(key);
    var aes = DefaultCryptoProvider.create().aes256();
    sealer = aes.newGcm(key);
    opener = aes.newGcm(key);
    buffer = new byte[size + 16];
    rnd.nextBytes(buffer);
    sealedNonce = nonce(TYPE_DATA, 42, new byte[12]);
    sealedPacket = new byte[size + 16];
    sealer.seal(sealedNonce, null, buffer, 0, size, sealedPacket, 0);
    plaintextOut = new byte[size];
  }

  /** n(type, counter) = 00 00 00 ‖ type ‖ u64be(counter), written into {@code out}. */
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

  @Benchmark
  public int sealNewCipherPerPacket() throws GeneralSecurityException {
    nonce(TYPE_DATA, ++counter, nonce);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    return c.doFinal(buffer, 0, size, buffer, 0);
  }
}
