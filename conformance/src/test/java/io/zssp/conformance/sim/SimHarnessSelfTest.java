package io.zssp.conformance.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.AcceptDecision;
import io.zssp.api.ContextConfig;
import io.zssp.api.PeerAddress;
import io.zssp.api.Session;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspEvent;
import io.zssp.crypto.P384PublicKey;
import io.zssp.reference.ReferenceZssp;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The harness must catch what it claims to catch: implementations with planted faults (wrapped
 * around the reference through the public API only) must fail the simulation with the right
 * message, and a seed must replay identically.
 */
class SimHarnessSelfTest {
  private static final long SEEDS = 12;

  /** Runs two-peer seeds 1..SEEDS on {@code factory}; returns every failure message. */
  private static String failures(Function<ContextConfig, ZsspContext> factory) {
    StringBuilder sb = new StringBuilder();
    for (long seed = 1; seed <= SEEDS; seed++) {
      TwoPeerScenario.run(seed, factory).failures.forEach(f -> sb.append(f).append('\n'));
    }
    return sb.toString();
  }

  /** The reference, with each context's application wrapped by {@code wrap}. */
  private static Function<ContextConfig, ZsspContext> withApplication(
      UnaryOperator<ZsspApplication> wrap) {
    return c ->
        ReferenceZssp.newContext(
            ContextConfig.builder()
                .crypto(c.crypto())
                .staticKey(c.staticKey())
                .application(wrap.apply(c.application()))
                .ratchetStore(c.ratchetStore())
                .sender(c.sender())
                .clock(c.clock())
                .settings(c.settings())
                .mtu(c.mtu())
                .build());
  }

  /** Delegates everything; {@link #onData} may be overridden. */
  private static class Forwarding implements ZsspApplication {
    final ZsspApplication d;

    Forwarding(ZsspApplication d) {
      this.d = d;
    }

    @Override
    public boolean helloRequiresRecognizedRatchet(PeerAddress from) {
      return d.helloRequiresRecognizedRatchet(from);
    }

    @Override
    public AcceptDecision acceptSession(P384PublicKey k, byte[] identity, PeerAddress from) {
      return d.acceptSession(k, identity, from);
    }

    @Override
    public void onData(Session s, byte[] p, int off, int len) {
      d.onData(s, p, off, len);
    }

    @Override
    public void onEvent(ZsspEvent e) {
      d.onEvent(e);
    }
  }

  @Test
  void reference_passes() {
    assertEquals("", failures(ReferenceZssp::newContext));
  }

  @Test
  void duplicateDelivery_isReported() {
    AtomicLong n = new AtomicLong();
    String f =
        failures(
            withApplication(
                app ->
                    new Forwarding(app) {
                      @Override
                      public void onData(Session s, byte[] p, int off, int len) {
                        d.onData(s, p, off, len);
                        if (len >= 8 && n.incrementAndGet() % 97 == 0) {
                          d.onData(s, p, off, len);
                        }
                      }
                    }));
    assertTrue(f.contains("delivered 2 times"), f);
  }

  @Test
  void silentlyDroppedDelivery_isReported() {
    AtomicLong n = new AtomicLong();
    String f =
        failures(
            withApplication(
                app ->
                    new Forwarding(app) {
                      @Override
                      public void onData(Session s, byte[] p, int off, int len) {
                        if (n.incrementAndGet() % 97 != 0) {
                          d.onData(s, p, off, len);
                        }
                      }
                    }));
    assertTrue(f.contains("was never delivered") || f.contains("owed"), f);
  }

  @Test
  void corruptedDelivery_isReported() {
    AtomicLong n = new AtomicLong();
    String f =
        failures(
            withApplication(
                app ->
                    new Forwarding(app) {
                      @Override
                      public void onData(Session s, byte[] p, int off, int len) {
                        if (len > 8 && n.incrementAndGet() % 97 == 0) {
                          p[off + len - 1] ^= 1;
                        }
                        d.onData(s, p, off, len);
                      }
                    }));
    assertTrue(f.contains("corrupted or never-sent payload"), f);
  }

  @Test
  void throwingCallback_isCountedAsInternalError() {
    AtomicLong n = new AtomicLong();
    String f =
        failures(
            withApplication(
                app ->
                    new Forwarding(app) {
                      @Override
                      public void onData(Session s, byte[] p, int off, int len) {
                        d.onData(s, p, off, len);
                        if (n.incrementAndGet() % 97 == 0) {
                          throw new IllegalStateException("planted");
                        }
                      }
                    }));
    assertTrue(f.contains("INTERNAL_ERROR drops"), f);
  }

  @Test
  void oversizedDatagrams_areReported() {
    String f =
        failures(
            c ->
                ReferenceZssp.newContext(
                    ContextConfig.builder()
                        .crypto(c.crypto())
                        .staticKey(c.staticKey())
                        .application(c.application())
                        .ratchetStore(c.ratchetStore())
                        .sender(c.sender())
                        .clock(c.clock())
                        .settings(c.settings())
                        .mtu(c.mtu() + 200)
                        .build()));
    assertTrue(f.contains("above the sender's MTU"), f);
  }

  @Test
  void lostRekeyEvent_isReported() {
    AtomicLong n = new AtomicLong();
    UnaryOperator<ZsspApplication> dropSomeRekeyed =
        app ->
            new Forwarding(app) {
              @Override
              public void onEvent(ZsspEvent e) {
                if (!(e instanceof ZsspEvent.Rekeyed) || n.incrementAndGet() % 7 != 0) {
                  d.onEvent(e);
                }
              }
            };
    SeedOutcome o = RekeyScenario.run(1, withApplication(dropSomeRekeyed), 1);
    assertTrue(
        String.join("\n", o.failures).contains("report different rekeys"), o.failures.toString());
  }

  @Test
  void sameSeed_replaysIdentically() {
    SeedOutcome a = TwoPeerScenario.run(7, ReferenceZssp::newContext);
    SeedOutcome b = TwoPeerScenario.run(7, ReferenceZssp::newContext);
    assertEquals(
        List.of(
            a.params,
            a.sent,
            a.delivered,
            a.owed,
            a.handshakes,
            a.establishMillis,
            a.virtualMillis,
            a.netStats),
        List.of(
            b.params,
            b.sent,
            b.delivered,
            b.owed,
            b.handshakes,
            b.establishMillis,
            b.virtualMillis,
            b.netStats));
  }
}
