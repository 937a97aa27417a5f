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
 * {@code AES/CBC/NoPadding} with a zero IV, ACCP having no ECB), SHA-512 of 100 bytes and a keyed
 * HMAC-SHA-512 of 100 bytes ({@code SUN}/{@code SunJCE} vs ACCP). {@code lib} names the side.
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
  private MessageDigest sha512;
  private Mac hmac;
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
      block = Cipher.getInstance("AES/CBC/NoPadding", accp);
      block.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
      sha512 = MessageDigest.getInstance("SHA-512", accp);
      hmac = Mac.getInstance("HmacSHA512", accp);
    } else {
      block = Cipher.getInstance("AES/ECB/NoPadding", Security.getProvider("SunJCE"));
      block.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
      sha512 = MessageDigest.getInstance("SHA-512", Security.getProvider("SUN"));
      hmac = Mac.getInstance("HmacSHA512", Security.getProvider("SunJCE"));
    }
    hmac.init(new SecretKeySpec(key, "HmacSHA512"));
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
