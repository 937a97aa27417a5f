package io.zssp.bench;

import io.zssp.crypto.accp.NativeCryptoProvider;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Security;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
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
 * The per-primitive choice inside {@link NativeCryptoProvider}, measured on the raw JCA objects of
 * both sides with the same call pattern: one AES-256 block (JDK {@code AES/ECB/NoPadding} vs ACCP
 * {@code AES/CBC/NoPadding} with a zero IV, ACCP having no ECB), SHA-512 of 100 bytes, a keyed
 * HMAC-SHA-512 of 100 bytes, and one AES-256-GCM packet of 64, 128 and 1400 bytes sealed and opened
 * (the size threshold of the native provider's GCM) ({@code SUN}/{@code SunJCE} vs ACCP). {@code
 * lib} names the side.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AccpAlternativesBenchmark {
  @Param({"jdk", "accp"})
  public String lib;

  private Cipher block;
  private Cipher gcm;
  private SecretKeySpec gcmKey;
  private MessageDigest sha512;
  private Mac hmac;
  private final byte[] nonce = new byte[12];
  private final byte[] packet = new byte[1400 + 16];
  private long counter;
  private final byte[] header = new byte[32];
  private final byte[] message100 = new byte[100];
  private final byte[] out = new byte[64];

  @Setup
  public void setup() throws GeneralSecurityException {
    Random rnd = new Random(1);
    byte[] key = new byte[32];
    rnd.nextBytes(key);
    rnd.nextBytes(header);
    rnd.nextBytes(message100);
    if (lib.equals("accp")) {
      if (!NativeCryptoProvider.isAvailable()) {
        throw new IllegalStateException(NativeCryptoProvider.unavailableReason().orElse(""));
      }
      Provider accp = com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE;
      gcm = Cipher.getInstance("AES/GCM/NoPadding", accp);
      block = Cipher.getInstance("AES/CBC/NoPadding", accp);
      block.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
      sha512 = MessageDigest.getInstance("SHA-512", accp);
      hmac = Mac.getInstance("HmacSHA512", accp);
    } else {
      gcm = Cipher.getInstance("AES/GCM/NoPadding", Security.getProvider("SunJCE"));
      block = Cipher.getInstance("AES/ECB/NoPadding", Security.getProvider("SunJCE"));
      block.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
      sha512 = MessageDigest.getInstance("SHA-512", Security.getProvider("SUN"));
      hmac = Mac.getInstance("HmacSHA512", Security.getProvider("SunJCE"));
    }
    hmac.init(new SecretKeySpec(key, "HmacSHA512"));
    gcmKey = new SecretKeySpec(key, "AES");
  }

  /** One packet sealed then opened in place, the provider's call pattern, on the raw ciphers. */
  private int gcmSealOpen(int size) throws GeneralSecurityException {
    long c = ++counter;
    for (int i = 0; i < 8; i++) {
      nonce[4 + i] = (byte) (c >>> (56 - 8 * i));
    }
    gcm.init(Cipher.ENCRYPT_MODE, gcmKey, new GCMParameterSpec(128, nonce));
    int n = gcm.doFinal(packet, 0, size, packet, 0);
    gcm.init(Cipher.DECRYPT_MODE, gcmKey, new GCMParameterSpec(128, nonce));
    return gcm.doFinal(packet, 0, n, packet, 0);
  }

  @Benchmark
  public int gcmSealOpen64() throws GeneralSecurityException {
    return gcmSealOpen(64);
  }

  @Benchmark
  public int gcmSealOpen128() throws GeneralSecurityException {
    return gcmSealOpen(128);
  }

  @Benchmark
  public int gcmSealOpen1400() throws GeneralSecurityException {
    return gcmSealOpen(1400);
  }

  @Benchmark
  public byte[] aesBlock() throws GeneralSecurityException {
    // One block each way a context can take it: ECB update, or CBC doFinal (back to the zero IV).
    if (lib.equals("accp")) {
      block.doFinal(header, 4, 16, out, 0);
    } else {
      block.update(header, 4, 16, out, 0);
    }
    return out;
  }

  @Benchmark
  public byte[] sha512Of100() throws GeneralSecurityException {
    sha512.update(message100, 0, 100);
    sha512.digest(out, 0, 64);
    return out;
  }

  @Benchmark
  public byte[] hmac100Keyed() throws GeneralSecurityException {
    hmac.update(message100, 0, 100);
    hmac.doFinal(out, 0);
    return out;
  }
}
