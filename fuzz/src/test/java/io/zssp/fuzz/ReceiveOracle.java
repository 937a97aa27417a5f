package io.zssp.fuzz;

import io.zssp.api.DropReason;
import io.zssp.api.PeerAddress;
import io.zssp.api.ProtocolConstants;
import io.zssp.api.ZsspEvent;
import io.zssp.wire.FragmentHeader;
import io.zssp.wire.Kid;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Delivers one datagram to one peer of a {@link HandshakeFixture} and checks the invariants of
 * issue 10 item 10 around the call:
 *
 * <ol>
 *   <li><b>Nothing escapes</b>: {@code receive} throws nothing, and no drop is counted as {@link
 *       DropReason#INTERNAL_ERROR} (what the implementations count when they catch one).
 *   <li><b>Nothing unauthenticated changes state</b>: unless the datagram is exactly one the
 *       protocol holds back ({@link HandshakeFixture#isPending}), no session of either peer changes
 *       ({@link SessionView}: state, keys, ratchet, counters, replay window, timers), none appears
 *       or goes, nothing is delivered and no event but a drop is reported. The exceptions are the
 *       ones the protocol specifies for input it cannot authenticate: a kid-0 datagram may complete
 *       an X1 (which is unauthenticated by design, §8.2) and so create a B2 entry and send X2, or
 *       be a challenge carrying the proof of receipt (§12.2) that Alice answers; and an X2 that
 *       passes the header checks but fails authentication schedules Alice's restart (T4, §11.3).
 *   <li><b>Every datagram is accounted for</b>: it is counted as a drop (with exactly one {@link
 *       ZsspEvent.Dropped} per count), or it is a fragment that was buffered, or one of the
 *       exceptions above did something visible.
 *   <li><b>Allocation stays bounded</b>: see {@link #allocationBound}; and what the peer retains
 *       stays within ZSSP-SPEC §15 (half-open table, hello cache, per-session reassembly).
 * </ol>
 *
 * Failures are {@link AssertionError}s that name the implementation, the stop, the receiver and the
 * datagram in hex, so that a finding reads the same in a fuzzing run and in its regression test.
 */
final class ReceiveOracle {
  /** §15.2: the default half-open capacity. */
  static final int MAX_HALF_OPEN = 1024;

  /** §15.3: the default hello-cache entries. */
  static final int MAX_HELLO_CACHE = 256;

  /** §15.4: bytes per session (the engine reserves 2 more per fragment slot of a packet). */
  static final long MAX_SESSION_REASSEMBLY = (1L << 20) + 2L * ProtocolConstants.MAX_FRAGMENTS;

  /**
   * Allocation allowed per call, apart from what is listed below: the fixed cost of any drop (event
   * and drop-count bookkeeping, the engine's per-thread outbox, a header decrypt, one AES-GCM open
   * with the JCE's own buffers). Measured on JDK 17: a replay is dropped with at most 24 bytes
   * beyond 2 × its length, a packet whose tag fails with 3 to 5 KB; 64 KiB leaves room for paths
   * not yet compiled, and a 1 KiB bound fails on the seeds (tried once).
   */
  static final long BASE_ALLOCATION = 64 * 1024;

  /**
   * Allowed per call for public-key work, only where the protocol does it before anything can be
   * authenticated: an X1 (kid 0) costs Bob up to a whole X2 (decode, two ECDH, a key pair, a Kyber
   * encapsulation, §15.2), an X2 costs Alice in A1 one ECDH and a Kyber decapsulation before its
   * first tag, an X3 costs Bob's B2 entry one ECDH. Measured once on this JVM ({@link
   * PublicKeyWork}); with BouncyCastle 1.87 one P-384 ECDH allocates about 0.9 MB.
   */
  static final long HANDSHAKE_ALLOCATION = PublicKeyWork.ALLOWANCE;

  /** Something the invariants do not allow, described for the finding's report. */
  static final class Violation extends AssertionError {
    private static final long serialVersionUID = 1L;

    Violation(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** What to call instead of {@code receive} (the self-test plants faults through this). */
  @FunctionalInterface
  interface Receive {
    void receive(Peer to, PeerAddress from, byte[] datagram);
  }

  static final Receive RECEIVE = (to, from, d) -> to.ctx.receive(from, d, 0, d.length);

  private ReceiveOracle() {}

  /**
   * Delivers {@code d} to {@code to} (from {@code from}) and checks every invariant.
   *
   * @return whether the fixture may have moved on (the datagram was a held-back one): the caller
   *     must build a new fixture before the next input
   * @throws Violation if an invariant does not hold
   */
  static boolean deliver(HandshakeFixture f, Peer to, PeerAddress from, byte[] d) {
    return deliver(f, to, from, d, false, RECEIVE);
  }

  /**
   * As {@link #deliver(HandshakeFixture, Peer, PeerAddress, byte[])}; {@code authentic} marks a
   * datagram exactly as a peer sent it after the build (a target's own traffic), which, like a
   * held-back one, may change state and is checked for robustness and retained memory only.
   */
  static boolean deliver(
      HandshakeFixture f, Peer to, PeerAddress from, byte[] d, boolean authentic, Receive call) {
    FuzzProbe probe = f.impl.probe;
    Peer other = to == f.alice ? f.bob : f.alice;
    PeerState before = PeerState.of(to, probe);
    PeerState otherBefore = PeerState.of(other, probe);
    boolean pending = authentic || f.isPending(d);
    boolean handshakePath = handshakePath(before, d);
    int eventsBefore = to.events.size();

    Throwable escaped = null;
    long classes = Allocation.classesLoaded();
    long start = Allocation.current();
    try {
      call.receive(to, from, d);
    } catch (Throwable t) { // everything: an Error escaping receive is a finding too
      escaped = t;
    }
    long allocated = Allocation.current() - start;
    boolean firstTime = Allocation.classesLoaded() != classes;

    PeerState after = PeerState.of(to, probe);
    List<ZsspEvent> newEvents = new ArrayList<>(to.events.subList(eventsBefore, to.events.size()));
    Report r = new Report(f, to, from, d);
    if (escaped != null) {
      throw r.violation("receive threw " + escaped, escaped);
    }
    if (after.drops(DropReason.INTERNAL_ERROR) != before.drops(DropReason.INTERNAL_ERROR)) {
      throw r.violation("an exception was caught inside receive (INTERNAL_ERROR)", null);
    }
    if (!PeerState.of(other, probe).equals(otherBefore)) {
      throw r.violation("the other peer changed: " + otherBefore + " -> " + other, null);
    }
    checkRetained(r, after);
    if (pending) {
      return true; // authenticated protocol progress: anything may change, nothing to bound
    }
    long bound =
        allocationBound(d.length, handshakePath)
            + Math.max(0, after.reassemblyBytes() - before.reassemblyBytes());
    if (allocated > bound && !firstTime) {
      throw r.violation(
          "allocated "
              + allocated
              + " bytes in one receive, bound "
              + bound
              + (handshakePath ? " (handshake path)" : ""),
          null);
    }
    checkUnchanged(r, before, after, newEvents, d);
    return false;
  }

  /**
   * The allocation bound of one {@code receive} of a {@code length}-byte datagram: {@link
   * #BASE_ALLOCATION}, plus 2 × the datagram (the reference copies it once on entry and once more
   * into a fragment or a packet; the engine copies at most once), plus {@link
   * #HANDSHAKE_ALLOCATION} on the handshake path. A fragment that the engine buffers also reserves
   * the rest of its packet ({@code count × (first fragment + 1)} bytes, §15.4); the caller adds the
   * growth of the session's reassembly bytes, which {@link #checkRetained} bounds.
   */
  static long allocationBound(int length, boolean handshakePath) {
    return BASE_ALLOCATION + 2L * length + (handshakePath ? HANDSHAKE_ALLOCATION : 0);
  }

  /**
   * Whether the datagram may reach public-key work before authentication: kid 0 (an X1), or a peer
   * with a session in A1 (an X2) or with a half-open entry (an X3).
   */
  private static boolean handshakePath(PeerState s, byte[] d) {
    if (d.length >= 4 && Kid.read(d, 0) == 0) {
      return true;
    }
    return s.halfOpen() > 0 || s.sessions().stream().anyMatch(v -> v.state().equals("A1"));
  }

  /** §15: what the peer retains after the call. */
  private static void checkRetained(Report r, PeerState after) {
    if (after.halfOpen() > MAX_HALF_OPEN) {
      throw r.violation(after.halfOpen() + " half-open entries, above " + MAX_HALF_OPEN, null);
    }
    if (after.helloCache() > MAX_HELLO_CACHE) {
      throw r.violation(after.helloCache() + " partial hellos, above " + MAX_HELLO_CACHE, null);
    }
    if (after.maxSessionReassemblyBytes() > MAX_SESSION_REASSEMBLY) {
      throw r.violation(
          "a session holds "
              + after.maxSessionReassemblyBytes()
              + " reassembly bytes, above "
              + MAX_SESSION_REASSEMBLY,
          null);
    }
  }

  private static void checkUnchanged(
      Report r, PeerState before, PeerState after, List<ZsspEvent> newEvents, byte[] d) {
    boolean kid0 = d.length >= 4 && Kid.read(d, 0) == 0;
    if (!after.sessionsModuloT4().equals(before.sessionsModuloT4())) {
      throw r.violation(
          "an unauthenticated datagram changed the sessions:\n  before "
              + before.sessions()
              + "\n  after  "
              + after.sessions(),
          null);
    }
    if (after.data() != before.data()) {
      throw r.violation("an unauthenticated datagram delivered data", null);
    }
    for (ZsspEvent e : newEvents) {
      boolean allowed =
          kid0
              && (e instanceof ZsspEvent.ChallengeIssued
                  || e instanceof ZsspEvent.ChallengeAnswered);
      if (!allowed) {
        throw r.violation("an unauthenticated datagram raised " + e, null);
      }
    }
    // §8.4: an X3 that fails authentication discards its B2 entry (claimed exactly once), so a
    // non-zero kid may remove one entry, and only with a drop.
    boolean x3Failure =
        after.halfOpen() == before.halfOpen() - 1 && after.dropTotal() > before.dropTotal();
    if (!kid0 && after.halfOpen() != before.halfOpen() && !x3Failure) {
      throw r.violation(
          "a datagram with a non-zero kid changed the half-open entries: "
              + before.halfOpen()
              + " -> "
              + after.halfOpen(),
          null);
    }
    if (!kid0 && after.sent() != before.sent()) {
      throw r.violation("a datagram with a non-zero kid made the peer send", null);
    }
    long dropped = after.dropTotal() - before.dropTotal();
    if (after.droppedEvents() - before.droppedEvents() != dropped) {
      throw r.violation(
          dropped
              + " drops counted but "
              + (after.droppedEvents() - before.droppedEvents())
              + " Dropped events: "
              + before.drops()
              + " -> "
              + after.drops(),
          null);
    }
    boolean fragment =
        d.length >= FragmentHeader.SIZE && kid0 && FragmentHeader.fragmentCount(d, 0) > 1;
    boolean accounted =
        dropped > 0
            || after.reassemblyEntries() != before.reassemblyEntries()
            || after.reassemblyFragments() != before.reassemblyFragments()
            || after.reassemblyBytes() != before.reassemblyBytes()
            || after.helloCache() != before.helloCache()
            || after.halfOpen() != before.halfOpen()
            || after.sent() != before.sent()
            || !newEvents.isEmpty()
            || fragment
            || !after.sessions().equals(before.sessions()); // T4
    if (!accounted) {
      throw r.violation("the datagram was neither dropped (and counted) nor buffered", null);
    }
  }

  /** Names the case in a violation's message. */
  private record Report(HandshakeFixture f, Peer to, PeerAddress from, byte[] d) {
    Violation violation(String what, Throwable cause) {
      String hex = HexFormat.of().formatHex(d, 0, Math.min(d.length, 96));
      return new Violation(
          f.impl
              + " at "
              + f.stop
              + ", "
              + d.length
              + "-byte datagram to "
              + to
              + " from "
              + from
              + ": "
              + what
              + "\n  datagram "
              + hex
              + (d.length > 96 ? "…" : ""),
          cause);
    }
  }
}
