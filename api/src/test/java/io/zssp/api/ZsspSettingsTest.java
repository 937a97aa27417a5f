package io.zssp.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ZsspSettingsTest {
  @Test
  void defaults_areTheCanonicalValues() {
    ZsspSettings s = ZsspSettings.DEFAULTS;
    assertEquals(10_000, s.initialOfferTimeoutMillis());
    assertEquals(10_000, s.b2LifetimeMillis());
    assertEquals(60_000, s.rekeyTimeoutMillis());
    assertEquals(3_600_000, s.rekeyAfterMillis());
    assertEquals(600_000, s.rekeyMaxJitterMillis());
    assertEquals(1L << 30, s.rekeyAfterKeyUses());
    assertEquals(1_000, s.resendMillis());
    assertEquals(5_000, s.fragmentAssemblyTimeoutMillis());
  }

  @Test
  void builder_zeroJitter_throws() {
    assertThrows(
        IllegalArgumentException.class, () -> ZsspSettings.builder().rekeyMaxJitterMillis(0));
  }

  @Test
  void build_jitterNotBelowRekeyInterval_throws() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ZsspSettings.builder().rekeyAfterMillis(1000).rekeyMaxJitterMillis(1000).build());
  }

  @Test
  void builder_keyUsesAboveHardLimit_throws() {
    assertThrows(
        IllegalArgumentException.class, () -> ZsspSettings.builder().rekeyAfterKeyUses(1L << 32));
  }

  @Test
  void toBuilder_roundTrips() {
    ZsspSettings s =
        ZsspSettings.builder()
            .resendMillis(250)
            .rekeyAfterMillis(60_000)
            .rekeyMaxJitterMillis(5_000)
            .build();
    ZsspSettings t = s.toBuilder().build();
    assertEquals(s.toString(), t.toString());
    assertEquals(250, t.resendMillis());
  }
}
