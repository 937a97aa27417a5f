package io.zssp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zssp.api.PeerAddress;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Bob's challenge state is shared by every thread of a context without a lock: a valid answer is
 * still consumed exactly once however many threads check copies of it at the same moment.
 */
class ZcpConcurrencyTest {
  @Test
  void oneAnswer_checkedByManyThreadsAtOnce_isAcceptedExactlyOnce() throws Exception {
    CryptoProvider crypto = DefaultCryptoProvider.create();
    Zcp zcp = new Zcp(crypto.sha512(), crypto.random(), 0);
    PeerAddress alice = PeerAddress.ofBytes(new byte[] {10, 0, 0, 1});
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 50; round++) {
        byte[] x1 = new byte[1749];
        crypto.random().nextBytes(x1);
        byte[] challenge =
            zcp.issue(new byte[] {1, 2, 3, 4}, x1, XkInitiator.X1_POW_OFFSET, alice, 1);
        byte[] response = new byte[Zcp.RESPONSE_SIZE];
        Zcp.solve(crypto.sha512(), challenge, 4, new byte[8], response);
        System.arraycopy(response, 0, x1, XkInitiator.X1_NOISE_SIZE, Zcp.RESPONSE_SIZE);
        List<Callable<Boolean>> checks = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          checks.add(() -> zcp.checkAndConsume(x1.clone(), XkInitiator.X1_NOISE_SIZE, alice, 2));
        }
        int accepted = 0;
        for (Future<Boolean> f : pool.invokeAll(checks)) {
          accepted += f.get() ? 1 : 0;
        }
        assertEquals(1, accepted, "round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
