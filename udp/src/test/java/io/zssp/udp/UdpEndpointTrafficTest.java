package io.zssp.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.ContextConfig;
import io.zssp.api.DataTooLargeException;
import io.zssp.api.DropReason;
import io.zssp.api.ProtocolConstants;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspEvent;
import io.zssp.api.ZsspSettings;
import io.zssp.engine.EngineZssp;
import io.zssp.reference.ReferenceZssp;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two endpoints on 127.0.0.1: bulk traffic and rekeying, on the engine (the default), on the
 * reference, and on mixed pairs.
 */
@Timeout(120)
class UdpEndpointTrafficTest {
  private final UdpTestPeer alice = new UdpTestPeer("alice");
  private final UdpTestPeer bob = new UdpTestPeer("bob");

  @AfterEach
  void closeAll() {
    alice.close();
    bob.close();
  }

  private Session establish(ZsspSettings settings, int mtu) throws Exception {
    InetSocketAddress any = new InetSocketAddress(UdpTestPeer.V4_LOOPBACK, 0);
    bob.start(any, settings, mtu, UdpEndpointOptions.DEFAULTS);
    alice.start(any, settings, mtu, UdpEndpointOptions.DEFAULTS);
    Session a = alice.open(bob, mtu);
    assertEquals(a, alice.awaitEstablished(10_000));
    bob.awaitEstablished(10_000);
    UdpTestPeer.waitUntil(() -> a.state() == SessionState.S2, 5_000, alice::log);
    return a;
  }

  /** The two implementations, by the name the command line uses. */
  static Function<ContextConfig, ZsspContext> implementation(String name) {
    return name.equals("reference") ? ReferenceZssp::newContext : EngineZssp::newContext;
  }

  @ParameterizedTest(name = "MTU {0}, {1} messages, alice {2}, bob {3}")
  @CsvSource({
    "1400, 2000, engine, engine",
    "200, 1000, engine, engine",
    "1400, 1000, reference, reference",
    "1400, 1000, reference, engine",
    "200, 500, engine, reference"
  })
  void send_thousandsOfMessagesUpToMaxSize_eachEchoedIntactExactlyOnce(
      int mtu, int count, String aliceImpl, String bobImpl) throws Exception {
    alice.implementation = implementation(aliceImpl);
    bob.implementation = implementation(bobImpl);
    Session a = establish(ZsspSettings.DEFAULTS, mtu);
    int max = 48 * (mtu - 16) - 16;
    assertEquals(max, a.maxPayloadSize());
    assertThrows(DataTooLargeException.class, () -> a.send(new byte[max + 1], 0, max + 1));

    UdpEchoTraffic traffic = new UdpEchoTraffic(alice, a, bob);
    UdpEchoTraffic.Result r = traffic.run(count, max, () -> false);

    r.assertIntact();
    assertEquals(count, r.sent());
    for (UdpTestPeer p : List.of(alice, bob)) {
      UdpEndpointStats stats = p.endpoint.stats();
      assertEquals(0, stats.contextFailures(), p + " " + p.log());
      assertEquals(0, stats.receiveErrors(), p + " " + p.log());
      assertEquals(
          0L,
          p.endpoint.context().dropCounts().getOrDefault(DropReason.INTERNAL_ERROR, 0L),
          p.log());
      assertTrue(stats.datagramsSent() > count, p + " " + stats);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"engine", "reference"})
  void rekey_shortIntervalWhileTrafficFlows_rekeysAtLeastThreeTimesWithoutLoss(String impl)
      throws Exception {
    alice.implementation = implementation(impl);
    bob.implementation = implementation(impl);
    ZsspSettings settings =
        ZsspSettings.builder()
            .rekeyAfterMillis(1_000)
            .rekeyMaxJitterMillis(300)
            .resendMillis(200)
            .build();
    Session a = establish(settings, 1400);
    UdpEchoTraffic traffic = new UdpEchoTraffic(alice, a, bob);
    long start = System.nanoTime();

    UdpEchoTraffic.Result r =
        traffic.run(
            1_000_000,
            4 * 1400,
            () ->
                (alice.events(ZsspEvent.Rekeyed.class).size() >= 3
                        && bob.events(ZsspEvent.Rekeyed.class).size() >= 3)
                    || System.nanoTime() - start > 20_000_000_000L);

    r.assertIntact();
    List<ZsspEvent.Rekeyed> rekeys = alice.events(ZsspEvent.Rekeyed.class);
    assertTrue(rekeys.size() >= 3, "alice rekeys " + rekeys + " " + alice.log());
    assertTrue(bob.events(ZsspEvent.Rekeyed.class).size() >= 3, bob.log());
    for (int i = 1; i < rekeys.size(); i++) {
      assertTrue(rekeys.get(i).chainLength() > rekeys.get(i - 1).chainLength(), rekeys.toString());
    }
    assertEquals(rekeys.get(rekeys.size() - 1).chainLength(), alice.chainLength(bob));
    assertTrue(alice.events(ZsspEvent.SessionClosed.class).isEmpty(), alice.log());
    assertTrue(r.sent() > 100, r.toString());
    assertEquals(ProtocolConstants.maxPayloadSize(1400), a.maxPayloadSize());
  }
}
