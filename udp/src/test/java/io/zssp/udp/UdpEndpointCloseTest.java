package io.zssp.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspEvent;
import io.zssp.api.ZsspEvent.CloseReason;
import io.zssp.api.ZsspSettings;
import io.zssp.reference.ReferenceZssp;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Graceful shutdown: events, idempotence, every calling context, and no thread left behind. */
@Timeout(60)
class UdpEndpointCloseTest {
  private final UdpTestPeer alice = new UdpTestPeer("alice");
  private final UdpTestPeer bob = new UdpTestPeer("bob");

  @AfterEach
  void closeAll() {
    alice.close();
    bob.close();
  }

  /** Live I/O threads of any endpoint. */
  static List<Thread> liveEndpointThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("zssp-udp-"))
        .toList();
  }

  /** The I/O thread of {@code endpoint}, or null if it is not alive. */
  static Thread ioThread(UdpEndpoint endpoint) {
    String name = "zssp-udp-" + endpoint.localAddress();
    return liveEndpointThreads().stream()
        .filter(t -> t.getName().equals(name))
        .findFirst()
        .orElse(null);
  }

  private Session establish() throws Exception {
    bob.start(1400);
    alice.start(1400);
    Session a = alice.open(bob, 1400);
    assertSame(a, alice.awaitEstablished(10_000));
    bob.awaitEstablished(10_000);
    UdpTestPeer.waitUntil(() -> a.state() == SessionState.S2, 5_000, alice::log);
    return a;
  }

  @Test
  void close_twice_closesSessionsWithEventsStopsThreadAndIsIdempotent() throws Exception {
    Session a = establish();
    Thread io = ioThread(alice.endpoint);
    assertTrue(io != null && io.isDaemon(), "I/O thread " + io);

    alice.endpoint.close();

    assertFalse(io.isAlive());
    assertFalse(alice.endpoint.isRunning());
    assertEquals(SessionState.CLOSED, a.state());
    assertEquals(
        List.of(new ZsspEvent.SessionClosed(a, CloseReason.CONTEXT_CLOSED)),
        alice.events(ZsspEvent.SessionClosed.class)); // delivered before close() returned
    alice.endpoint.close();
    assertEquals(1, alice.events(ZsspEvent.SessionClosed.class).size());
    assertThrows(IllegalStateException.class, () -> alice.open(bob, 1400));
    assertThrows(IllegalStateException.class, () -> a.send(new byte[1], 0, 1));
    assertTrue(alice.context().sessions().isEmpty());
  }

  @Test
  void close_fromDataCallbackOnIoThread_returnsAndThreadStops() throws Exception {
    Session a = establish();
    bob.onData = (s, m) -> bob.endpoint.close();
    Thread io = ioThread(bob.endpoint);
    a.send(new byte[] {1}, 0, 1);
    io.join(5_000);
    assertFalse(io.isAlive(), bob.log());
    assertEquals(
        CloseReason.CONTEXT_CLOSED,
        bob.awaitEvent(ZsspEvent.SessionClosed.class, e -> true, 1_000).reason());
  }

  @Test
  void close_whileHoldingContextMonitor_doesNotWaitForBlockedIoThread() throws Exception {
    bob.implementation = ReferenceZssp::newContext; // whose callbacks hold the context monitor
    UdpEndpoint endpoint =
        bob.start(
            new InetSocketAddress(UdpTestPeer.V4_LOOPBACK, 0),
            ZsspSettings.DEFAULTS,
            1400,
            UdpEndpointOptions.builder().closeTimeoutMillis(30_000).build());
    alice.start(1400);
    Thread io = ioThread(endpoint);
    long elapsed;
    synchronized (endpoint.context()) { // the reference context's monitor, as in a callback
      alice.open(bob, 1400); // Bob's I/O thread gets the X1 and blocks on the monitor
      UdpTestPeer.waitUntil(
          () -> io.getState() == Thread.State.BLOCKED,
          5_000,
          () -> "I/O thread state " + io.getState());
      long start = System.nanoTime();
      endpoint.close();
      elapsed = (System.nanoTime() - start) / 1_000_000;
    }
    assertTrue(elapsed < 5_000, "close waited " + elapsed + " ms");
    io.join(5_000);
    assertFalse(io.isAlive());
    assertTrue(bob.context().sessions().isEmpty());
  }

  @Test
  void close_concurrentCallers_allReturnAfterShutdown() throws Exception {
    establish();
    Thread io = ioThread(alice.endpoint);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  alice.endpoint.close();
                  return alice.endpoint.isRunning();
                }));
      }
      go.countDown();
      for (Future<Boolean> r : results) {
        assertFalse(r.get(10, TimeUnit.SECONDS), "running after close() returned");
      }
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
    }
    assertFalse(io.isAlive());
    assertEquals(1, alice.events(ZsspEvent.SessionClosed.class).size());
  }

  @Test
  void close_manyEndpoints_leavesNoThreadBehind() throws Exception {
    List<UdpEndpoint> endpoints = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        UdpEndpoint e = new UdpTestPeer("peer" + i).start(1400);
        endpoints.add(e);
        names.add("zssp-udp-" + e.localAddress());
      }
      assertTrue(liveEndpointThreads().stream().map(Thread::getName).toList().containsAll(names));
    } finally {
      endpoints.forEach(UdpEndpoint::close);
    }
    List<String> left =
        liveEndpointThreads().stream().map(Thread::getName).filter(names::contains).toList();
    assertEquals(List.of(), left);
  }
}
