package io.zssp.cli;

import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.accp.NativeCryptoProvider;

/**
 * The crypto provider the command runs ({@code --crypto default|native|auto}): the default provider
 * (BouncyCastle P-384, JDK AES), the native one (AWS-LC through ACCP, several times the handshake
 * rate), or {@code auto}, the default: native where it works, else the default provider.
 */
enum CryptoChoice {
  DEFAULT("default"),
  NATIVE("native"),
  AUTO("auto");

  final String label;

  CryptoChoice(String label) {
    this.label = label;
  }

  /** A provider and the line that says which one runs (and, for a fallback, why). */
  record Resolved(CryptoProvider provider, String line) {}

  /** The choice named by {@code --crypto} (null: auto). */
  static CryptoChoice parse(String name) throws CliException {
    if (name == null) {
      return AUTO;
    }
    for (CryptoChoice c : values()) {
      if (c.label.equals(name)) {
        return c;
      }
    }
    throw CliException.usage("--crypto must be 'default', 'native' or 'auto', got '" + name + "'");
  }

  /**
   * The provider for this choice.
   *
   * @throws CliException (exit 1) for {@code native} where the native provider cannot run
   */
  Resolved resolve() throws CliException {
    if (this == DEFAULT) {
      return new Resolved(DefaultCryptoProvider.create(), "crypto: default (" + DEFAULT_WHAT + ")");
    }
    String why = NativeCryptoProvider.unavailableReason().orElse(null);
    if (why == null) {
      NativeCryptoProvider p = NativeCryptoProvider.create();
      return new Resolved(p, "crypto: native (" + p.description() + ")");
    }
    if (this == NATIVE) {
      throw new CliException(CliException.FAILED, "--crypto native is unavailable here: " + why);
    }
    return new Resolved(
        DefaultCryptoProvider.create(),
        "crypto: default (" + DEFAULT_WHAT + "); native unavailable: " + why);
  }

  private static final String DEFAULT_WHAT = "BouncyCastle P-384, JDK AES-GCM";
}
