package io.zssp.bench;

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
 * What a JCE cipher context costs when it is shared between keys, the number behind the engine's
 * choice of where AES contexts live. {@code gcmSameKey}: one {@code Cipher} re-initialised per
 * packet under the key it had (a cache hit: SunJCE skips the key schedule). {@code gcmOtherKey}:
 * one {@code Cipher} re-initialised per packet under alternating keys (a miss every packet: the key
 * schedule runs again). {@code blockSameKey} / {@code blockRekeyed}: one 16-byte AES block (header
 * protection) through a pre-keyed ECB context (in place, and into another array), and through one
 * that is re-keyed first.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CipherContextBenchmark {
  @Param({"64", "1400"})
  public int size;

  private final SecretKeySpec[] keys = new SecretKeySpec[2];
  private Cipher gcm;
  private Cipher ecb;
  private byte[] buffer;
  private final byte[] block = new byte[16];
  private final byte[] blockOut = new byte[16];
  private final byte[] nonce = new byte[12];
  private final byte[] sealedNonce = new byte[12];
  private byte[] sealed;
  private byte[] sealedPacket;
  private byte[] openBuffer;
  private long counter;

  @Setup
  public void setup() throws GeneralSecurityException {
    Random rnd = new Random(7);
    for (int i = 0; i < keys.length; i++) {
      byte[] k = new byte[32];
      rnd.nextBytes(k);
      keys[i] = new SecretKeySpec(k, "AES");
    }
    gcm = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
    ecb = Cipher.getInstance("AES/ECB/NoPadding", "SunJCE");
    ecb.init(Cipher.ENCRYPT_MODE, keys[0]);
    buffer = new byte[size + 16];
    rnd.nextBytes(buffer);
    sealed = new byte[size + 16];
    openBuffer = new byte[size + 16];
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
    c.init(Cipher.ENCRYPT_MODE, keys[0], new GCMParameterSpec(128, sealedNonce));
    sealedPacket = c.doFinal(buffer, 0, size);
  }

  private GCMParameterSpec nextNonce() {
    long c = ++counter;
    for (int i = 0; i < 8; i++) {
      nonce[4 + i] = (byte) (c >>> (56 - 8 * i));
    }
    return new GCMParameterSpec(128, nonce);
  }

  @Benchmark
  public int gcmSameKey() throws GeneralSecurityException {
    gcm.init(Cipher.ENCRYPT_MODE, keys[0], nextNonce());
    return gcm.doFinal(buffer, 0, size, buffer, 0);
  }

  @Benchmark
  public int gcmSameKeyOutOfPlace() throws GeneralSecurityException {
    gcm.init(Cipher.ENCRYPT_MODE, keys[0], nextNonce());
    return gcm.doFinal(buffer, 0, size, sealed, 0);
  }

  @Benchmark
  public int gcmOpenInPlace() throws GeneralSecurityException {
    System.arraycopy(sealedPacket, 0, openBuffer, 0, sealedPacket.length);
    gcm.init(Cipher.DECRYPT_MODE, keys[0], new GCMParameterSpec(128, sealedNonce));
    return gcm.doFinal(openBuffer, 0, size + 16, openBuffer, 0);
  }

  @Benchmark
  public int gcmOpenOutOfPlace() throws GeneralSecurityException {
    gcm.init(Cipher.DECRYPT_MODE, keys[0], new GCMParameterSpec(128, sealedNonce));
    return gcm.doFinal(sealedPacket, 0, size + 16, openBuffer, 0);
  }

  @Benchmark
  public int gcmOtherKey() throws GeneralSecurityException {
    gcm.init(Cipher.ENCRYPT_MODE, keys[(int) (counter & 1)], nextNonce());
    return gcm.doFinal(buffer, 0, size, buffer, 0);
  }

  @Benchmark
  public int blockSameKey() throws GeneralSecurityException {
    return ecb.update(block, 0, 16, block, 0);
  }

  @Benchmark
  public int blockSameKeyOutOfPlace() throws GeneralSecurityException {
    return ecb.update(block, 0, 16, blockOut, 0);
  }

  @Benchmark
  public int blockRekeyed() throws GeneralSecurityException {
    ecb.init(Cipher.ENCRYPT_MODE, keys[(int) (++counter & 1)]);
    return ecb.update(block, 0, 16, block, 0);
  }
}
