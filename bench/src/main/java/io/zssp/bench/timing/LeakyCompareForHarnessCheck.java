package io.zssp.bench.timing;

/**
 * A deliberately leaky comparison, for checking the timing harness only: it returns at the first
 * differing byte, so it takes longer the longer the common prefix. The harness must report leak
 * evidence for it (equal inputs against inputs differing in the first byte) while it reports none
 * for {@link io.zssp.crypto.ConstantTime#equals}. Never use it for anything secret.
 */
public final class LeakyCompareForHarnessCheck {
  private LeakyCompareForHarnessCheck() {}

  /** Whether {@code a[0, len)} equals {@code b[0, len)}, stopping at the first difference. */
  public static boolean equals(byte[] a, byte[] b, int len) {
    for (int i = 0; i < len; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }
}
