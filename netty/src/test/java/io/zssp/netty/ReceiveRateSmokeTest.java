package io.zssp.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * The load generator ({@link ReceiveRate}) still works: a short run at a modest offered rate. How
 * much arrives depends on the machine (paranoid leak detection here, the socket buffer limits), so
 * only that datagrams were delivered is checked.
 */
class ReceiveRateSmokeTest {
  @Test
  void shortRun_deliversWhatWasOffered() throws Exception {
    assumeTrue(ZsspBootstrap.epollAvailable(), "SKIPPED: epoll is not available here");
    ReceiveRate.Result r = ReceiveRate.run(2, 16, 8_000, 20_000);
    assertEquals(8_000, r.offered());
    assertTrue(r.delivered() > 0 && r.delivered() <= r.offered(), r::toString);
    assertTrue(r.perSecond() > 0, r::toString);
  }
}
