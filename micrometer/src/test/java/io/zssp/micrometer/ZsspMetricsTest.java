package io.zssp.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zssp.api.AcceptDecision;
import io.zssp.api.ContextStats;
import io.zssp.api.DropReason;
import io.zssp.api.PeerAddress;
import io.zssp.api.Role;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspEvent;
import io.zssp.crypto.P384PublicKey;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Every meter against a context whose {@code stats()} returns chosen numbers: each reads its own
 * field, with its name, tags and unit; one snapshot serves a scrape; close removes everything.
 */
class ZsspMetricsTest {
  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
  private final AtomicReference<ContextStats> stats = new AtomicReference<>(stats(1));
  private final AtomicInteger statsCalls = new AtomicInteger();

  /** Numbers that differ per field (and per {@code k}), so a meter reading the wrong one fails. */
  private static ContextStats stats(long k) {
    Map<SessionState, Integer> byState = new EnumMap<>(SessionState.class);
    for (SessionState s : SessionState.values()) {
      byState.put(s, (int) (k * 1000 + s.ordinal()));
    }
    Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
    for (DropReason r : DropReason.values()) {
      if (r.ordinal() % 3 != 2) { // some reasons absent: they read 0
        drops.put(r, k * 2000 + r.ordinal());
      }
    }
    return new ContextStats(
        k * 101,
        k * 102,
        k * 103,
        k * 104,
        k * 105,
        k * 106,
        k * 107,
        k * 108,
        k * 109,
        k * 110,
        k * 111,
        byState,
        (int) (k * 112),
        k * 113,
        (int) (k * 114),
        drops);
  }

  private ZsspContext context() {
    return (ZsspContext)
        Proxy.newProxyInstance(
            ZsspContext.class.getClassLoader(),
            new Class<?>[] {ZsspContext.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "stats":
                  statsCalls.incrementAndGet();
                  return stats.get();
                case "toString":
                  return "FakeContext";
                case "hashCode":
                  return System.identityHashCode(proxy);
                case "equals":
                  return proxy == args[0];
                default:
                  throw new UnsupportedOperationException(method.getName());
              }
            });
  }

  private static Session session(Role role, long handshakeMillis) {
    return (Session)
        Proxy.newProxyInstance(
            Session.class.getClassLoader(),
            new Class<?>[] {Session.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "role":
                  return role;
                case "handshakeMillis":
                  return handshakeMillis;
                case "toString":
                  return "FakeSession";
                case "hashCode":
                  return System.identityHashCode(proxy);
                case "equals":
                  return proxy == args[0];
                default:
                  throw new UnsupportedOperationException(method.getName());
              }
            });
  }

  private double counter(String name, String... tags) {
    return registry.get(name).tags(tags).functionCounter().count();
  }

  private double gauge(String name, String... tags) {
    return registry.get(name).tags(tags).gauge().value();
  }

  @Test
  void bind_everyMeterReadsItsOwnField() {
    ZsspMetrics.builder(registry).tag("listener", "a").build().bind(context());
    ContextStats s = stats.get();
    assertEquals(s.handshakesStarted(), counter(ZsspMetrics.HANDSHAKES_STARTED));
    assertEquals(s.handshakesCompleted(), counter(ZsspMetrics.HANDSHAKES_COMPLETED));
    assertEquals(s.handshakesFailed(), counter(ZsspMetrics.HANDSHAKES_FAILED));
    assertEquals(s.rekeys(), counter(ZsspMetrics.REKEYS));
    assertEquals(s.challengesIssued(), counter(ZsspMetrics.CHALLENGES_ISSUED));
    assertEquals(s.challengesAnswered(), counter(ZsspMetrics.CHALLENGES_ANSWERED));
    assertEquals(s.sessionsClosed(), counter(ZsspMetrics.SESSIONS_CLOSED));
    assertEquals(s.datagramsReceived(), counter(ZsspMetrics.DATAGRAMS, "direction", "received"));
    assertEquals(s.datagramsSent(), counter(ZsspMetrics.DATAGRAMS, "direction", "sent"));
    assertEquals(s.bytesReceived(), counter(ZsspMetrics.TRAFFIC, "direction", "received"));
    assertEquals(s.bytesSent(), counter(ZsspMetrics.TRAFFIC, "direction", "sent"));
    assertEquals(s.halfOpen(), gauge(ZsspMetrics.HALF_OPEN));
    assertEquals(s.reassemblyBytes(), gauge(ZsspMetrics.REASSEMBLY));
    assertEquals(s.handshakeQueueDepth(), gauge(ZsspMetrics.HANDSHAKE_QUEUE));
    for (SessionState state : SessionState.values()) {
      assertEquals(
          (double) s.sessionsByState().get(state),
          gauge(ZsspMetrics.SESSIONS, "state", state.name()));
    }
    for (DropReason reason : DropReason.values()) {
      assertEquals(
          (double) s.drops(reason),
          counter(ZsspMetrics.DROPPED, "reason", reason.name()),
          reason.name());
    }
    for (Meter m : registry.getMeters()) {
      assertEquals("a", m.getId().getTag("listener"), m.getId().toString());
      assertTrue(m.getId().getName().startsWith("zssp."), m.getId().getName());
    }
  }

  @Test
  void bind_registersTheDocumentedMeters_withUnits() {
    ZsspMetrics.builder(registry).build().bind(context());
    int states = SessionState.values().length;
    int reasons = DropReason.values().length;
    // 2 timers, the state gauges, 7 counters, the drop counters, 2 + 2 traffic counters, 3 gauges
    // (the simple registry adds a gauge per histogram bucket of each timer, named …histogram)
    long own =
        registry.getMeters().stream()
            .filter(m -> !m.getId().getName().endsWith(".histogram"))
            .count();
    assertEquals(2 + states + 7 + reasons + 4 + 3, own);
    assertEquals(
        "bytes",
        registry
            .get(ZsspMetrics.TRAFFIC)
            .functionCounters()
            .iterator()
            .next()
            .getId()
            .getBaseUnit());
    assertEquals("bytes", registry.get(ZsspMetrics.REASSEMBLY).gauge().getId().getBaseUnit());
    assertEquals(
        "datagrams",
        registry
            .get(ZsspMetrics.DROPPED)
            .functionCounters()
            .iterator()
            .next()
            .getId()
            .getBaseUnit());
    assertEquals(
        reasons, registry.get(ZsspMetrics.DROPPED).functionCounters().size(), "one per reason");
    assertEquals(states, registry.get(ZsspMetrics.SESSIONS).gauges().size(), "one per state");
    assertNotNull(registry.get(ZsspMetrics.HANDSHAKE_DURATION).tags("role", "INITIATOR").timer());
    assertNotNull(registry.get(ZsspMetrics.HANDSHAKE_DURATION).tags("role", "RESPONDER").timer());
  }

  @Test
  void stats_oneSnapshotServesEveryMeter_untilItIsOlderThanTheMaximumAge() {
    ZsspMetrics.builder(registry).statsMaxAge(Duration.ofMillis(500)).build().bind(context());
    assertEquals(105, counter(ZsspMetrics.HANDSHAKES_STARTED));
    registry.getMeters().forEach(Meter::measure); // a whole scrape
    assertEquals(1, statsCalls.get(), "one snapshot for every meter");

    stats.set(stats(2));
    clock.add(499, TimeUnit.MILLISECONDS);
    assertEquals(105, counter(ZsspMetrics.HANDSHAKES_STARTED), "still the same snapshot");
    clock.add(1, TimeUnit.MILLISECONDS);
    assertEquals(210, counter(ZsspMetrics.HANDSHAKES_STARTED));
    assertEquals(
        2 * 2000 + DropReason.REPLAYED.ordinal(),
        counter(ZsspMetrics.DROPPED, "reason", DropReason.REPLAYED.name()));
    assertEquals(2, statsCalls.get());
  }

  @Test
  void statsMaxAgeZero_readsAFreshSnapshotEveryTime() {
    ZsspMetrics.builder(registry).statsMaxAge(Duration.ZERO).build().bind(context());
    assertEquals(105, counter(ZsspMetrics.HANDSHAKES_STARTED));
    stats.set(stats(3));
    assertEquals(315, counter(ZsspMetrics.HANDSHAKES_STARTED));
    assertThrows(
        IllegalArgumentException.class,
        () -> ZsspMetrics.builder(registry).statsMaxAge(Duration.ofMillis(-1)));
  }

  @Test
  void onEvent_recordsHandshakeTimeByRole_andIgnoresUnfinishedAndOtherEvents() {
    ZsspMetrics metrics = ZsspMetrics.builder(registry).build(); // events before bind count too
    metrics.onEvent(new ZsspEvent.SessionEstablished(session(Role.INITIATOR, 42), false));
    metrics.onEvent(new ZsspEvent.SessionEstablished(session(Role.RESPONDER, 7), true));
    metrics.onEvent(new ZsspEvent.SessionEstablished(session(Role.RESPONDER, 9), false));
    metrics.onEvent(new ZsspEvent.SessionEstablished(session(Role.RESPONDER, -1), false));
    metrics.onEvent(new ZsspEvent.Rekeyed(session(Role.INITIATOR, 42), 3));
    metrics.onEvent(new ZsspEvent.ChallengeIssued(PeerAddress.of(new InetSocketAddress(1))));
    Timer initiator =
        registry.get(ZsspMetrics.HANDSHAKE_DURATION).tags("role", "INITIATOR").timer();
    Timer responder =
        registry.get(ZsspMetrics.HANDSHAKE_DURATION).tags("role", "RESPONDER").timer();
    assertEquals(1, initiator.count());
    assertEquals(42, initiator.totalTime(TimeUnit.MILLISECONDS), 1e-9);
    assertEquals(2, responder.count());
    assertEquals(16, responder.totalTime(TimeUnit.MILLISECONDS), 1e-9);
    assertEquals(9, responder.max(TimeUnit.MILLISECONDS), 1e-9);
    double[] buckets =
        java.util.Arrays.stream(responder.takeSnapshot().histogramCounts())
            .mapToDouble(c -> c.bucket(TimeUnit.MILLISECONDS))
            .toArray();
    assertEquals(
        java.util.Arrays.toString(
            new double[] {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000}),
        java.util.Arrays.toString(buckets),
        "the histogram's buckets");
    assertEquals(0, responder.takeSnapshot().histogramCounts()[0].count(), "none up to 5 ms");
    assertEquals(2, responder.takeSnapshot().histogramCounts()[1].count(), "7 and 9 ms: 10 ms");
  }

  @Test
  void observe_forwardsEveryCallback_andShowsEventsToTheMetricsFirst() throws Exception {
    ZsspMetrics metrics = ZsspMetrics.builder(registry).build();
    List<String> calls = new ArrayList<>();
    Timer initiator =
        registry.get(ZsspMetrics.HANDSHAKE_DURATION).tags("role", "INITIATOR").timer();
    AcceptDecision decision = AcceptDecision.accept();
    ZsspApplication app =
        new ZsspApplication() {
          @Override
          public boolean helloRequiresRecognizedRatchet(PeerAddress from) {
            calls.add("pi1");
            return true;
          }

          @Override
          public AcceptDecision acceptSession(
              P384PublicKey key, byte[] identity, PeerAddress from) {
            calls.add("accept " + identity.length);
            return decision;
          }

          @Override
          public void onData(Session session, byte[] payload, int off, int len) {
            calls.add("data " + off + " " + len);
          }

          @Override
          public void onEvent(ZsspEvent event) {
            calls.add("event, timer count " + initiator.count());
          }
        };
    ZsspApplication observed = metrics.observe(app);
    PeerAddress from = PeerAddress.of(new InetSocketAddress(1));
    assertTrue(observed.helloRequiresRecognizedRatchet(from));
    assertSame(decision, observed.acceptSession(null, new byte[3], from));
    observed.onData(session(Role.INITIATOR, 1), new byte[10], 2, 5);
    observed.onEvent(new ZsspEvent.SessionEstablished(session(Role.INITIATOR, 5), false));
    assertEquals(List.of("pi1", "accept 3", "data 2 5", "event, timer count 1"), calls);
  }

  @Test
  void close_removesEveryMeter_bindIsOnce_tagsTellContextsApart() {
    ZsspMetrics a = ZsspMetrics.builder(registry).tags(Tags.of("ctx", "a")).build();
    ZsspMetrics b = ZsspMetrics.builder(registry).tags(Tags.of("ctx", "b")).build();
    a.bind(context());
    b.bind(context());
    assertThrows(IllegalStateException.class, () -> a.bind(context()));
    int each = registry.getMeters().size() / 2;
    a.close();
    a.close(); // idempotent
    assertEquals(each, registry.getMeters().size());
    registry.getMeters().forEach(m -> assertEquals("b", m.getId().getTag("ctx")));
    assertThrows(IllegalStateException.class, () -> a.bind(context()));
    b.close();
    assertEquals(List.of(), registry.getMeters());
  }

  @Test
  void meters_areFunctionCountersAndGauges_overTheContext() {
    ZsspMetrics.builder(registry).build().bind(context());
    for (Meter m : registry.getMeters()) {
      String name = m.getId().getName();
      if (name.equals(ZsspMetrics.HANDSHAKE_DURATION + ".histogram")) {
        continue; // the simple registry's gauges of the timers' buckets
      }
      boolean gauge =
          name.equals(ZsspMetrics.SESSIONS)
              || name.equals(ZsspMetrics.HALF_OPEN)
              || name.equals(ZsspMetrics.REASSEMBLY)
              || name.equals(ZsspMetrics.HANDSHAKE_QUEUE);
      if (name.equals(ZsspMetrics.HANDSHAKE_DURATION)) {
        assertTrue(m instanceof Timer, name);
      } else if (gauge) {
        assertTrue(m instanceof Gauge, name);
      } else {
        assertTrue(m instanceof FunctionCounter, name);
      }
    }
  }
}
