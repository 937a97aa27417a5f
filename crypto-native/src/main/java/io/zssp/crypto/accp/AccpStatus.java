package io.zssp.crypto.accp;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Provider;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether ACCP can serve this JVM, and if not why: decided once per JVM (in {@link #get()}, on
 * first use) and never changed afterwards. The checks, in order: ACCP's classes link; its native
 * library loaded ({@code getLoadingError()}); its own power-on self-tests pass ({@code
 * assertHealthy()}); and our known answers ({@link AccpKnownAnswers}) come out right through
 * exactly the JCA calls the provider makes. An unsupported operating system or architecture shows
 * up as a loading error and is named as such. Immutable and thread-safe.
 */
final class AccpStatus {
  private final Provider provider;
  private final String reason;
  private final String version;

  private AccpStatus(Provider provider, String reason, String version) {
    this.provider = provider;
    this.reason = reason;
    this.version = version;
  }

  /** The status of this JVM, probed on the first call (which loads the native library). */
  static AccpStatus get() {
    return Holder.STATUS;
  }

  /**
   * Lazy, race-free initialization: the probe runs when {@link #get()} first touches this class.
   */
  private static final class Holder {
    static final AccpStatus STATUS =
        probe(System.getProperty("os.name", "?"), System.getProperty("os.arch", "?"));
  }

  /** A status that says ACCP cannot be used, for {@code reason}. */
  static AccpStatus unavailable(String reason) {
    return new AccpStatus(null, Objects.requireNonNull(reason, "reason"), null);
  }

  /** Probes ACCP on a JVM reporting {@code os}/{@code arch}. */
  static AccpStatus probe(String os, String arch) {
    AmazonCorrettoCryptoProvider accp;
    try {
      accp = AmazonCorrettoCryptoProvider.INSTANCE;
    } catch (LinkageError e) {
      return unavailable("ACCP is not usable in this JVM: " + e);
    }
    Throwable loadingError = accp.getLoadingError();
    if (loadingError != null) {
      String what =
          supportedPlatform(os, arch)
              ? "ACCP's native library failed to load"
              : "unsupported platform "
                  + os
                  + "/"
                  + arch
                  + " (ACCP ships native code for Linux on x86-64 and aarch64)";
      return unavailable(what + ": " + loadingError);
    }
    try {
      accp.assertHealthy();
    } catch (RuntimeException e) {
      return unavailable("ACCP's self-tests failed: " + e.getMessage());
    }
    String wrong;
    try {
      wrong = AccpKnownAnswers.check(accp);
    } catch (RuntimeException | java.security.GeneralSecurityException e) {
      wrong = e.toString();
    }
    if (wrong != null) {
      return unavailable("known-answer check through ACCP failed: " + wrong);
    }
    return new AccpStatus(
        accp, null, "ACCP " + accp.getVersionStr() + " (" + accp.getAwsLcVersionStr() + ")");
  }

  /** Platforms for which ACCP publishes native code (the jar's classifier must match, too). */
  static boolean supportedPlatform(String os, String arch) {
    String a = arch.toLowerCase(Locale.ROOT);
    return os.toLowerCase(Locale.ROOT).startsWith("linux")
        && (a.equals("amd64") || a.equals("x86_64") || a.equals("aarch64"));
  }

  boolean isAvailable() {
    return provider != null;
  }

  /** Why ACCP cannot be used; null if it can. */
  String reason() {
    return reason;
  }

  /**
   * ACCP's provider object (never registered with the JCA).
   *
   * @throws IllegalStateException with the reason, if ACCP is unavailable
   */
  Provider provider() {
    if (provider == null) {
      throw new IllegalStateException("the native crypto provider is unavailable: " + reason);
    }
    return provider;
  }

  /** "ACCP 2.5.0 (AWS-LC v1.47.0)"; null if unavailable. */
  String version() {
    return version;
  }
}
