package io.zssp.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The timer loop's wait computation: always 1 ms to the cap, whatever the clock values. */
class UdpEndpointSleepTest {
  @Test
  void sleepMillis_deadlinePastOrNow_waitsOneMillisecond() {
    assertEquals(1, UdpEndpoint.sleepMillis(100, 100, 1_000));
    assertEquals(1, UdpEndpoint.sleepMillis(Long.MIN_VALUE, 5, 1_000));
  }

  @Test
  void sleepMillis_deadlineAhead_waitsUntilItCappedAtMax() {
    assertEquals(250, UdpEndpoint.sleepMillis(350, 100, 1_000));
    assertEquals(1_000, UdpEndpoint.sleepMillis(5_000, 100, 1_000));
  }

  @Test
  void sleepMillis_differenceOverflows_waitsMax() {
    assertEquals(1_000, UdpEndpoint.sleepMillis(Long.MAX_VALUE, -5, 1_000));
    assertEquals(1_000, UdpEndpoint.sleepMillis(Long.MAX_VALUE, Long.MIN_VALUE, 1_000));
  }
}
