package io.zssp.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zssp.api.PeerAddress;
import java.util.EnumMap;
import java.util.Map;

/**
 * Fuzz targets for {@code ZsspContext.receive} in every state of the whitepaper's automaton (A1,
 * B2, A3, S1, S2, R1, R2 and the KK S1): each target holds a {@link HandshakeFixture} stopped at
 * its state, builds one datagram from the fuzzer's input with a {@link Recipe} (most often a
 * mutation of a real datagram), delivers it to one of the two peers and checks the {@link
 * ReceiveOracle} invariants. One subclass per implementation.
 *
 * <p>A fixture is reused from input to input until a datagram moves the protocol on (exactly a
 * held-back one), then built anew, so a run is fast; partial packets an earlier input left behind
 * stay, as they would on a real server, and each input is checked against the state just before it.
 * A finding that needs such leftovers reproduces in a fuzzing run but may not from its single
 * input; the regression test for it then replays the sequence (see docs/FUZZING.md).
 *
 * <p>Input layout ({@link FuzzedDataProvider}; choices come from the end of the input): whether the
 * datagram goes to the other peer than the state's owner, which source address it claims (the real
 * sender, the receiver itself, a stranger), then the {@link Recipe}.
 */
abstract class ReceiveTargets {
  private static final PeerAddress[] SOURCES = {
    null /* the real sender */, null /* the receiver */, HandshakeFixture.STRANGER
  };

  private static final Map<Impl, Map<Stop, HandshakeFixture>> FIXTURES = new EnumMap<>(Impl.class);

  abstract Impl impl();

  @FuzzTest(maxDuration = "10m")
  void a1(FuzzedDataProvider in) {
    fuzz(Stop.A1, in);
  }

  @FuzzTest(maxDuration = "10m")
  void b2(FuzzedDataProvider in) {
    fuzz(Stop.B2, in);
  }

  @FuzzTest(maxDuration = "10m")
  void a3(FuzzedDataProvider in) {
    fuzz(Stop.A3, in);
  }

  @FuzzTest(maxDuration = "10m")
  void s1(FuzzedDataProvider in) {
    fuzz(Stop.S1, in);
  }

  @FuzzTest(maxDuration = "10m")
  void s2(FuzzedDataProvider in) {
    fuzz(Stop.S2, in);
  }

  @FuzzTest(maxDuration = "10m")
  void r1(FuzzedDataProvider in) {
    fuzz(Stop.R1, in);
  }

  @FuzzTest(maxDuration = "10m")
  void r2(FuzzedDataProvider in) {
    fuzz(Stop.R2, in);
  }

  @FuzzTest(maxDuration = "10m")
  void kk(FuzzedDataProvider in) {
    fuzz(Stop.KK, in);
  }

  private void fuzz(Stop stop, FuzzedDataProvider in) {
    HandshakeFixture f = fixture(impl(), stop);
    boolean toOther = in.consumeBoolean();
    int source = in.consumeInt(0, SOURCES.length - 1);
    byte[] d = Recipe.datagram(in, f.seeds, f.kids);
    deliver(f, toOther, source, d);
  }

  /** Delivers {@code d} and checks the invariants; replaces the fixture if it moved on. */
  static void deliver(HandshakeFixture f, boolean toOther, int source, byte[] d) {
    Peer to = toOther ? f.other(f.owner()) : f.owner();
    PeerAddress from =
        switch (source) {
          case 0 -> f.other(to).address;
          case 1 -> to.address;
          default -> SOURCES[source];
        };
    if (ReceiveOracle.deliver(f, to, from, d)) {
      discard(f);
    }
  }

  /** The current fixture of {@code impl} at {@code stop}, built on first use. */
  static synchronized HandshakeFixture fixture(Impl impl, Stop stop) {
    return FIXTURES
        .computeIfAbsent(impl, i -> new EnumMap<>(Stop.class))
        .computeIfAbsent(stop, s -> HandshakeFixture.build(impl, s));
  }

  /** Forgets {@code f}: the next input gets a new fixture. */
  static synchronized void discard(HandshakeFixture f) {
    FIXTURES.get(f.impl).remove(f.stop, f);
  }
}
