package io.zssp.crypto.accp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.testing.CryptoProviderContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The provider contract on the native provider (which includes the same keys as the default
 * provider from the same source), and what only this provider has: availability and its reason, the
 * fallback to the default provider.
 */
class NativeCryptoProviderTest extends CryptoProviderContract implements OnNativeProvider {
  @Test
  void isAvailable_onLinuxX8664_withNoReason_andDescribesWhatRuns() {
    NativeCryptoProvider crypto = NativeTesting.provider();
    assertTrue(NativeCryptoProvider.isAvailable());
    assertEquals(java.util.Optional.empty(), NativeCryptoProvider.unavailableReason());
    assertTrue(crypto.description().startsWith("ACCP 2.5.0 (AWS-LC v"), crypto.description());
    assertTrue(crypto.toString().contains("native"), crypto.toString());
  }

  @Test
  void createOrDefault_available_returnsTheNativeProvider_logsNothing() {
    NativeTesting.requireNative();
    List<String> log = new ArrayList<>();
    CryptoProvider crypto = NativeCryptoProvider.createOrDefault(log::add);
    assertInstanceOf(NativeCryptoProvider.class, crypto);
    assertEquals(List.of(), log);
  }

  @Test
  void createOrDefault_unavailable_fallsBackToTheDefault_withOneLineGivingTheReason() {
    List<String> log = new ArrayList<>();
    CryptoProvider crypto =
        NativeCryptoProvider.createOrDefault(
            AccpStatus.unavailable("unsupported platform Plan9/mips"), log::add);
    assertInstanceOf(DefaultCryptoProvider.class, crypto);
    assertEquals(1, log.size(), log.toString());
    assertTrue(log.get(0).contains("unsupported platform Plan9/mips"), log.get(0));
    assertTrue(log.get(0).contains("default provider"), log.get(0));
    assertThrows(NullPointerException.class, () -> NativeCryptoProvider.createOrDefault(null));
  }

  @Test
  void unavailableStatus_providerThrowsWithTheReason() {
    AccpStatus status = AccpStatus.unavailable("ACCP's native library failed to load: x");
    assertFalse(status.isAvailable());
    IllegalStateException e = assertThrows(IllegalStateException.class, status::provider);
    assertTrue(e.getMessage().contains("failed to load"), e.getMessage());
  }

  @Test
  void supportedPlatform_linuxOnX8664AndAarch64Only() {
    assertTrue(AccpStatus.supportedPlatform("Linux", "amd64"));
    assertTrue(AccpStatus.supportedPlatform("Linux", "aarch64"));
    assertFalse(AccpStatus.supportedPlatform("Mac OS X", "aarch64"));
    assertFalse(AccpStatus.supportedPlatform("Windows 11", "amd64"));
    assertFalse(AccpStatus.supportedPlatform("Linux", "s390x"));
  }
}
