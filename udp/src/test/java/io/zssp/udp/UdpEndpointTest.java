package io.zssp.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zssp.api.ContextConfig;
import io.zssp.api.DropReason;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.PeerAddress;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspSettings;
import io.zssp.reference.ReferenceZssp;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Handshakes over IPv4, IPv6 and dual-stack loopback, timers, and error handling of the loop. */
@Timeout(60)
class UdpEndpointTest {
  private static final InetAddress V6_LOOPBACK = loopback6();
  private final UdpTestPeer alice = new UdpTestPeer("alice");
  private final UdpTestPeer bob = new UdpTestPeer("bob");

  @AfterEach
  void closeAll() {
    alice.close();
    bob.close();
  }

  private static InetAddress loopback6() {
    try {
      return InetAddress.getByName("::1");
    } catch (IOException e) {
      return null;
    }
  }

  /** Whether this host can bind a UDP socket to {@code address}. */
  private static boolean canBind(InetAddress address) {
    if (address == null) {
      return false;
    }
    try (DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET6)) {
      c.bind(new InetSocketAddress(address, 0));
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static InetSocketAddress at(InetAddress ip, int port) {
    return new InetSocketAddress(ip, port);
  }

  private static InetSocketAddress anyPort(InetAddress ip) {
    return at(ip, 0);
  }

  /** Handshake from {@code alice} to {@code bob} at {@code to}, then one message each way. */
  private void handshakeAndExchange(InetSocketAddress to) throws Exception {
    Session a = alice.open(bob, to, 1400, false);
    assertSame(a, alice.awaitEstablished(10_000));
    Session b = bob.awaitEstablished(10_000);
    UdpTestPeer.waitUntil(() -> a.state() == SessionState.S2, 5_000, alice::log);
    a.send(new byte[] {1, 2, 3}, 0, 3);
    assertArrayEquals(new byte[] {1, 2, 3}, bob.data.poll(5, TimeUnit.SECONDS), bob.log());
    b.send(new byte[] {4}, 0, 1);
    assertArrayEquals(new byte[] {4}, alice.data.poll(5, TimeUnit.SECONDS), alice.log());
  }

  @Test
  void handshake_ipv4Loopback_establishesAndExchangesData() throws Exception {
    bob.start(1400);
    alice.start(1400);
    assertTrue(alice.endpoint.localAddress().getPort() > 0);
    handshakeAndExchange(bob.endpoint.localAddress());
    PeerAddress seen = bob.context().sessions().get(0).remoteAddress();
    assertEquals(alice.endpoint.localAddress(), seen.toInetSocketAddress());
    assertTrue(bob.endpoint.stats().datagramsReceived() >= 4, bob.endpoint.stats().toString());
  }

  @Test
  void handshake_ipv6Loopback_establishes() throws Exception {
    assumeTrue(canBind(V6_LOOPBACK), "IPv6 loopback unavailable");
    bob.start(anyPort(V6_LOOPBACK), ZsspSettings.DEFAULTS, 1400, UdpEndpointOptions.DEFAULTS);
    alice.start(anyPort(V6_LOOPBACK), ZsspSettings.DEFAULTS, 1400, UdpEndpointOptions.DEFAULTS);
    assertTrue(bob.endpoint.localAddress().getAddress() instanceof Inet6Address);
    handshakeAndExchange(bob.endpoint.localAddress());
    assertEquals(
        alice.endpoint.localAddress(),
        bob.context().sessions().get(0).remoteAddress().toInetSocketAddress());
  }

  @Test
  void handshake_dualStackWildcardWithIpv4Peer_establishes() throws Exception {
    assumeTrue(canBind(InetAddress.getByName("::")), "IPv6 wildcard unavailable");
    bob.start(
        anyPort(InetAddress.getByName("::")),
        ZsspSettings.DEFAULTS,
        1400,
        UdpEndpointOptions.DEFAULTS);
    alice.start(1400);
    handshakeAndExchange(at(UdpTestPeer.V4_LOOPBACK, bob.endpoint.localAddress().getPort()));
    // The IPv4 peer is seen (and answered) as a plain IPv4 address, not as ::ffff:127.0.0.1.
    assertEquals(
        alice.endpoint.localAddress(),
        bob.context().sessions().get(0).remoteAddress().toInetSocketAddress());
  }

  @Test
  void timer_x1LostBeforePeerStarts_resendsUntilPeerUp() throws Exception {
    int port = unusedPort();
    ZsspSettings fast = ZsspSettings.builder().resendMillis(100).build();
    alice.start(anyPort(UdpTestPeer.V4_LOOPBACK), fast, 1400, UdpEndpointOptions.DEFAULTS);
    Session a = alice.open(bob, at(UdpTestPeer.V4_LOOPBACK, port), 1400, false);
    long x1Datagrams = alice.endpoint.stats().datagramsSent();
    // Only the timer loop can send more: nothing is received and the test makes no calls.
    UdpTestPeer.waitUntil(
        () -> alice.endpoint.stats().datagramsSent() >= 3 * x1Datagrams, 5_000, alice::log);
    bob.start(at(UdpTestPeer.V4_LOOPBACK, port), fast, 1400, UdpEndpointOptions.DEFAULTS);
    assertSame(a, alice.awaitEstablished(10_000));
  }

  /** A port on 127.0.0.1 that was free a moment ago (nothing listens there). */
  private static int unusedPort() throws IOException {
    try (DatagramChannel reserve = DatagramChannel.open(StandardProtocolFamily.INET)) {
      reserve.bind(anyPort(UdpTestPeer.V4_LOOPBACK));
      return ((InetSocketAddress) reserve.getLocalAddress()).getPort();
    }
  }

  @ParameterizedTest(name = "through endpoint.open: {0}")
  @ValueSource(booleans = {true, false})
  void wakeup_afterOpen_timerLoopReschedulesAtOnce(boolean viaEndpoint) throws Exception {
    // An idle context asks to be serviced seconds from now and the loop may sleep a minute:
    // only a wake-up lets the 100 ms X1 resend timer run on time.
    UdpEndpointOptions sleepy = UdpEndpointOptions.builder().maxSleepMillis(60_000).build();
    alice.start(
        anyPort(UdpTestPeer.V4_LOOPBACK),
        ZsspSettings.builder().resendMillis(100).build(),
        1400,
        sleepy);
    Thread.sleep(50); // let the loop take its first long sleep
    InetSocketAddress nowhere = at(UdpTestPeer.V4_LOOPBACK, unusedPort());
    if (viaEndpoint) {
      alice.open(bob, nowhere, 1400, false);
    } else {
      alice
          .context()
          .open(
              bob.key.publicKey(),
              PeerAddress.of(nowhere),
              io.zssp.api.OpenOptions.builder().mtu(1400).build());
      alice.endpoint.wakeup();
    }
    long x1Datagrams = alice.endpoint.stats().datagramsSent();
    UdpTestPeer.waitUntil(
        () -> alice.endpoint.stats().datagramsSent() >= 3 * x1Datagrams, 2_000, alice::log);
  }

  @Test
  void receive_garbageDatagrams_droppedByContextAndLoopKeepsRunning() throws Exception {
    bob.start(1400);
    alice.start(1400);
    try (DatagramChannel raw = DatagramChannel.open(StandardProtocolFamily.INET)) {
      raw.bind(anyPort(UdpTestPeer.V4_LOOPBACK));
      InetSocketAddress to = bob.endpoint.localAddress();
      raw.send(ByteBuffer.allocate(0), to);
      raw.send(ByteBuffer.wrap(new byte[10]), to);
      byte[] junk = new byte[100];
      UdpTestPeer.CRYPTO.random().nextBytes(junk);
      junk[0] = 1; // a non-zero kid nobody owns
      raw.send(ByteBuffer.wrap(junk), to);
    }
    UdpTestPeer.waitUntil(() -> bob.endpoint.stats().datagramsReceived() == 3, 5_000, bob::log);
    UdpTestPeer.waitUntil(
        () -> bob.context().dropCounts().values().stream().mapToLong(Long::longValue).sum() == 3,
        5_000,
        bob::log);
    assertEquals(2L, bob.context().dropCounts().get(DropReason.MALFORMED_DATAGRAM), bob.log());
    handshakeAndExchange(bob.endpoint.localAddress());
  }

  @Test
  void receive_callbackThrowsError_countedReportedAndLoopKeepsRunning() throws Exception {
    List<Throwable> reported = new CopyOnWriteArrayList<>();
    UdpEndpointOptions options = UdpEndpointOptions.builder().errorListener(reported::add).build();
    bob.start(anyPort(UdpTestPeer.V4_LOOPBACK), ZsspSettings.DEFAULTS, 1400, options);
    alice.start(1400);
    AssertionError boom = new AssertionError("boom");
    bob.onData =
        (s, m) -> {
          if (m.length == 1) {
            throw boom; // an Error: not caught by the reference context, so it reaches the loop
          }
          bob.data.add(m);
        };
    Session a = alice.open(bob, 1400);
    UdpTestPeer.waitUntil(() -> a.state() == SessionState.S2, 10_000, alice::log);
    a.send(new byte[] {9}, 0, 1);
    UdpTestPeer.waitUntil(() -> bob.endpoint.stats().contextFailures() == 1, 5_000, bob::log);
    a.send(new byte[] {7, 7}, 0, 2);
    assertArrayEquals(new byte[] {7, 7}, bob.data.poll(5, TimeUnit.SECONDS), bob.log());
    assertEquals(List.of(boom), reported);
    assertTrue(bob.endpoint.isRunning());
  }

  @Test
  void receive_outOfMemoryError_closesTheEndpoint_neverDeafButAlive() throws Exception {
    List<Throwable> reported = new CopyOnWriteArrayList<>();
    UdpEndpointOptions options = UdpEndpointOptions.builder().errorListener(reported::add).build();
    bob.start(anyPort(UdpTestPeer.V4_LOOPBACK), ZsspSettings.DEFAULTS, 1400, options);
    alice.start(1400);
    OutOfMemoryError oom = new OutOfMemoryError("simulated");
    bob.onData =
        (s, m) -> {
          throw oom;
        };
    Session a = alice.open(bob, 1400);
    UdpTestPeer.waitUntil(() -> a.state() == SessionState.S2, 10_000, alice::log);
    InetSocketAddress port = bob.endpoint.localAddress();
    a.send(new byte[] {1}, 0, 1);
    UdpTestPeer.waitUntil(() -> !bob.endpoint.isRunning(), 5_000, bob::log);
    assertSame(oom, bob.endpoint.failure());
    assertEquals(List.of(oom), reported);
    assertTrue(bob.context().sessions().isEmpty(), "the context was closed");
    try (DatagramChannel again = DatagramChannel.open()) {
      again.bind(port); // the port was released: nothing is left bound and deaf
    }
  }

  @Test
  void send_addressFamilyTheSocketCannotReach_countedAsSendFailure() throws Exception {
    alice.start(1400); // IPv4-only socket
    InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 9);
    alice.open(bob, v6, 1400, false);
    assertTrue(alice.endpoint.stats().sendFailures() >= 1, alice.endpoint.stats().toString());
    assertEquals(
        alice.endpoint.stats().sendFailures(),
        alice.context().dropCounts().get(DropReason.SEND_FAILED));
    assertEquals(0, alice.endpoint.stats().datagramsSent());
  }

  @Test
  void start_portInUse_throwsAndStartsNoThread() throws Exception {
    try (DatagramChannel taken = DatagramChannel.open(StandardProtocolFamily.INET)) {
      taken.bind(anyPort(UdpTestPeer.V4_LOOPBACK));
      InetSocketAddress address = (InetSocketAddress) taken.getLocalAddress();
      assertThrows(
          BindException.class,
          () -> alice.start(address, ZsspSettings.DEFAULTS, 1400, UdpEndpointOptions.DEFAULTS));
      assertFalse(
          UdpEndpointCloseTest.liveEndpointThreads().stream()
              .anyMatch(t -> t.getName().endsWith(":" + address.getPort())));
    }
  }

  @Test
  void start_configMissingStaticKey_throwsAndReleasesThePort() throws Exception {
    InetSocketAddress address;
    try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET)) {
      probe.bind(anyPort(UdpTestPeer.V4_LOOPBACK));
      address = (InetSocketAddress) probe.getLocalAddress();
    }
    ContextConfig.Builder incomplete =
        ContextConfig.builder()
            .crypto(UdpTestPeer.CRYPTO)
            .application(alice)
            .ratchetStore(new InMemoryRatchetStore());
    assertThrows(
        IllegalStateException.class,
        () -> UdpEndpoint.start(address, ReferenceZssp::newContext, incomplete));
    try (DatagramChannel again = DatagramChannel.open(StandardProtocolFamily.INET)) {
      again.bind(address); // the endpoint closed its channel
    }
  }
}
