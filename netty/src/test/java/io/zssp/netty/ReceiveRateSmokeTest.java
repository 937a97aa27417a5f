package io.zssp.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The load generator ({@link ReceiveRate}) still works: a short run at a modest offered rate. */
class ReceiveRateSmokeTest {
  @Test
  void shortRun_deliversWhatWasOffered() throws Exception {
    assumeTrue(ZsspBootstrap.epollAvailable(), "SKIPPED: epoll is not available here");
    ReceiveRate.Result r = ReceiveRate.run(2, 16, 16_000, 100_000);
    assertEquals(16_000, r.offered());
    assertTrue(r.delivered() > 15_000, r::toString); // loopback at a tenth of the capacity
    assertTrue(r.perSecond() > 0, r::toString);
  }
}
