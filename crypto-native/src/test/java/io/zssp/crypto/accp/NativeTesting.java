package io.zssp.crypto.accp;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zssp.crypto.RandomSource;
import java.util.Locale;

/**
 * How the tests of this module get the native provider: on Linux x86-64 (the platform of the ACCP
 * classifier this build uses, and of CI) it must be available, and a test fails with the reason if
 * it is not; anywhere else the test is skipped with the reason.
 */
final class NativeTesting {
  private NativeTesting() {}

  /** Whether this JVM runs on the platform the build's ACCP jar carries native code for. */
  static boolean expectedToWork() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
        && (arch.equals("amd64") || arch.equals("x86_64"));
  }

  /** Fails (on Linux x86-64) or skips (elsewhere) unless the native provider is available. */
  static void requireNative() {
    String why = NativeCryptoProvider.unavailableReason().orElse(null);
    if (expectedToWork()) {
      assertTrue(why == null, "the native provider must work on Linux x86-64: " + why);
    } else {
      assumeTrue(why == null, "native provider unavailable here: " + why);
    }
  }

  /** {@link NativeCryptoProvider#create()} after {@link #requireNative()}. */
  static NativeCryptoProvider provider() {
    requireNative();
    return NativeCryptoProvider.create();
  }

  /** {@link NativeCryptoProvider#withRandom} after {@link #requireNative()}. */
  static NativeCryptoProvider provider(RandomSource random) {
    requireNative();
    return NativeCryptoProvider.withRandom(random);
  }
}
