package io.zssp.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zssp.api.ContextConfig;
import io.zssp.crypto.Aes256;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.ForwardingCryptoProvider;
import io.zssp.crypto.HmacSha512;
import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import io.zssp.crypto.Sha512;
import io.zssp.crypto.accp.NativeCryptoProvider;
import java.security.InvalidKeyException;
import java.util.Locale;

/**
 * Runs the suites' contexts on the native provider ({@code zssp-crypto-accp}) without touching the
 * suites: a context factory passes its {@link ContextConfig} through {@link #rebuild}, which keeps
 * every setting and swaps the crypto (and the static key, re-imported into the new provider).
 *
 * <p>On Linux x86-64 (the platform of the ACCP classifier in the build, and of CI) the native
 * provider must be available and a test fails with the reason otherwise; elsewhere {@link
 * #require()} skips the test.
 */
public final class NativeCrypto {
  private NativeCrypto() {}

  /** Fails (on Linux x86-64) or skips (elsewhere) unless the native provider is available. */
  public static void require() {
    String why = NativeCryptoProvider.unavailableReason().orElse(null);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    boolean expected =
        System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
            && (arch.equals("amd64") || arch.equals("x86_64"));
    if (expected) {
      assertTrue(why == null, "the native provider must work on Linux x86-64: " + why);
    } else {
      assumeTrue(why == null, "native provider unavailable here: " + why);
    }
  }

  /**
   * {@code config} with {@code crypto} as its provider and its static key imported into {@code
   * crypto} (a native ECDH needs a native key pair); every other setting as it was.
   */
  public static ContextConfig rebuild(ContextConfig config, CryptoProvider crypto) {
    P384KeyPair staticKey;
    byte[] scalar = config.staticKey().exportPrivateScalar();
    try {
      staticKey = crypto.p384().importPrivateKey(scalar);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("static key does not import into " + crypto, e);
    } finally {
      java.util.Arrays.fill(scalar, (byte) 0);
    }
    return ContextConfig.builder()
        .crypto(crypto)
        .staticKey(staticKey)
        .application(config.application())
        .ratchetStore(config.ratchetStore())
        .sender(config.sender())
        .clock(config.clock())
        .settings(config.settings())
        .challengePolicy(config.challengePolicy())
        .maxHalfOpen(config.maxHalfOpen())
        .maxHalfOpenPerSource(config.maxHalfOpenPerSource())
        .x1BudgetPerSecond(config.x1BudgetPerSecond())
        .quotaIpv6PrefixBits(config.quotaIpv6PrefixBits())
        .mtu(config.mtu())
        .build();
  }

  /**
   * INSECURE, tests only: {@code scripted} (a transcript side's {@link InsecureScriptedCrypto})
   * with the native provider doing the work. Every value the script replays stays the script's:
   * random bytes and Kyber come from it unchanged, and each scripted P-384 key pair is drawn from
   * it (which checks the recorded public key and counts the value as consumed) and then imported
   * into the native provider. Decoding, ECDH, AES-GCM, the AES block, SHA-512 and HMAC are the
   * native provider's.
   */
  public static CryptoProvider scriptedOnNative(CryptoProvider scripted) {
    NativeCryptoProvider work = NativeCryptoProvider.create();
    P384 p384 =
        new P384() {
          @Override
          public P384KeyPair generateKeyPair() {
            P384KeyPair recorded = scripted.p384().generateKeyPair();
            byte[] scalar = recorded.exportPrivateScalar();
            try {
              return work.p384().importPrivateKey(scalar);
            } catch (InvalidKeyException e) {
              throw new IllegalStateException("recorded scalar does not import natively", e);
            } finally {
              java.util.Arrays.fill(scalar, (byte) 0);
              recorded.destroy();
            }
          }

          @Override
          public P384PublicKey decodePublicKey(byte[] encoded) throws InvalidKeyException {
            return work.p384().decodePublicKey(encoded);
          }

          @Override
          public P384KeyPair importPrivateKey(byte[] scalar) throws InvalidKeyException {
            return work.p384().importPrivateKey(scalar);
          }

          @Override
          public void agree(P384KeyPair privateKey, P384PublicKey publicKey, byte[] out, int off) {
            work.p384().agree(privateKey, publicKey, out, off);
          }
        };
    return new ForwardingCryptoProvider(scripted) {
      @Override
      public P384 p384() {
        return p384;
      }

      @Override
      public Aes256 aes256() {
        return work.aes256();
      }

      @Override
      public Sha512 sha512() {
        return work.sha512();
      }

      @Override
      public HmacSha512 hmacSha512() {
        return work.hmacSha512();
      }

      @Override
      public String toString() {
        return "InsecureScriptedCrypto on " + work;
      }
    };
  }
}
