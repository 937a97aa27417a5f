package io.zssp.conformance.sim;

import io.zssp.api.ContextConfig;
import io.zssp.api.ContextStats;
import io.zssp.api.DataTooLargeException;
import io.zssp.api.DropReason;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspContext;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.P384KeyPair;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One simulated process: a static key and a ratchet store that survive restarts, and a context that
 * does not. Its application is a {@link SimApplication} per process generation plus, as initiator,
 * a {@link SimDialer}. It drives {@code service()} at the deadlines the context returns, tags the
 * datagrams of every payload for the {@link PayloadLedger}, and tracks its live session per peer.
 *
 * <p>Each session is labelled by the initiator's open id ("alice/3"), sent in the identity blob and
 * kept as the attachment on both sides, so the harness knows which two sessions are partners.
 */
final class SimPeer implements SimNetwork.Endpoint {
  final String name;
  final PeerAddress address;
  final int mtu;
  final SecurityFlags flags;
  final P384KeyPair key;
  final SimStats stats = new SimStats();
  private final SimWorld world;
  private final CryptoProvider crypto;
  private final SimTrace trace;
  private InMemoryRatchetStore store = new InMemoryRatchetStore();
  private ZsspContext ctx;
  private int generation;
  private final Map<SimPeer, Session> live = new HashMap<>();
  private final Map<Session, SessionInfo> info = new IdentityHashMap<>();
  private final Map<SimPeer, Long> pairChanges = new HashMap<>();
  private final Map<SimPeer, Long> lastHeard = new HashMap<>();
  private final EnumMap<DropReason, Long> pastDrops = new EnumMap<>(DropReason.class);

  /** The initiator policy of this peer's application. */
  final SimDialer dialer = new SimDialer(this);

  int identityPadding;
  private long scheduledServiceAt = Long.MAX_VALUE;
  private long serviceToken;
  private long taggedPayload = -1;
  private int tagsLeft;
  private int tagsUsed;

  private static final class SessionInfo {
    final String id;
    final long openedAt;
    boolean confirmed;
    long establishedAt = -1;

    SessionInfo(String id, long openedAt) {
      this.id = id;
      this.openedAt = openedAt;
    }
  }

  SimPeer(
      SimWorld world,
      String name,
      PeerAddress address,
      int mtu,
      SecurityFlags flags,
      CryptoProvider crypto) {
    this.world = world;
    this.name = name;
    this.address = address;
    this.mtu = mtu;
    this.flags = flags;
    this.crypto = crypto;
    this.key = crypto.p384().generateKeyPair();
    this.trace = new SimTrace(name, world.net);
  }

  InMemoryRatchetStore store() {
    return store;
  }

  /** Starts the first process. */
  void start() {
    ctx = newContext();
    refreshService();
  }

  /** The process dies (all sessions lost) and starts again, keeping or losing its ratchet store. */
  void restart(boolean loseStore) {
    trace.add("RESTART" + (loseStore ? " (store lost)" : ""));
    ctx.dropCounts().forEach((r, n) -> pastDrops.merge(r, n, Long::sum));
    generation++;
    stats.restarts++;
    ctx.close(); // its events go to the old application, which ignores them
    live.clear();
    if (loseStore) {
      store = new InMemoryRatchetStore();
    }
    ctx = newContext();
    refreshService();
    dialer.reopenAll();
  }

  private ZsspContext newContext() {
    int gen = generation;
    return world.factory.apply(
        ContextConfig.builder()
            .crypto(crypto)
            .staticKey(key)
            .application(new SimApplication(this, gen))
            .ratchetStore(store)
            .clock(world.net)
            .settings(world.settings)
            .challengePolicy(world.challengePolicy)
            .mtu(mtu)
            .sender(
                (to, d, off, len) -> {
                  if (gen != generation) {
                    world.violation(name + ": a closed context sent a datagram");
                  }
                  SimNetwork.Tag tag = null;
                  if (tagsLeft > 0) {
                    tag = new SimNetwork.Tag(taggedPayload, tagsUsed++);
                    tagsLeft--;
                  }
                  world.net.send(address, to, Arrays.copyOfRange(d, off, off + len), mtu, tag);
                  return true;
                })
            .build());
  }

  /** Opens a session to {@code remote} as initiator and makes it the live one. */
  Session open(SimPeer remote) {
    String id = name + "/" + (++stats.opens);
    StringBuilder identity = new StringBuilder(id).append('|');
    int pad = identityPadding == 0 ? 0 : world.net.random().nextInt(identityPadding + 1);
    identity.append("x".repeat(pad));
    try {
      Session s =
          ctx.open(
              remote.key.publicKey(),
              remote.address,
              OpenOptions.builder()
                  .identity(identity.toString().getBytes(StandardCharsets.UTF_8))
                  .mtu(mtu)
                  .disallowDowngrade(flags.pi2())
                  .attachment(id)
                  .build());
      live.put(remote, s);
      info.put(s, new SessionInfo(id, world.net.nowMillis()));
      bump(remote);
      trace.add("open " + id + " -> " + remote.name);
      refreshService();
      return s;
    } catch (RatchetStoreException e) {
      world.violation(name + ": in-memory ratchet store failed: " + e);
      return null;
    }
  }

  /** Closes the live session to {@code remote} (the application gives up on it). */
  void closeSession(SimPeer remote, String why) {
    Session s = live.get(remote);
    if (s != null) {
      trace.add(why + ": closing " + sessionId(s));
      s.close();
      refreshService();
    }
  }

  long openedAt(Session s) {
    return info.get(s).openedAt;
  }

  /** When {@code s} was established, or -1. */
  long establishedAt(Session s) {
    return info.get(s).establishedAt;
  }

  long lastHeard(SimPeer remote) {
    return lastHeard.getOrDefault(remote, 0L);
  }

  /**
   * Sends a ledger-booked payload of up to {@code size} bytes to {@code remote} if a session can
   * send. Returns the size sent, or -1.
   */
  int sendPayload(SimPeer remote, int size) {
    Session s = live.get(remote);
    if (s == null || !s.state().canSend()) {
      return -1;
    }
    int len = Math.min(size, s.maxPayloadSize());
    int fragments = (len + 16 + mtu - 17) / (mtu - 16); // §6.5
    long id = world.ledger.register(this, remote, s, len, fragments);
    taggedPayload = id;
    tagsLeft = fragments;
    tagsUsed = 0;
    try {
      s.send(PayloadLedger.content(id, len), 0, len);
    } catch (DataTooLargeException e) {
      world.violation(
          name
              + ": "
              + len
              + "-byte payload refused although maxPayloadSize is "
              + s.maxPayloadSize());
    } finally {
      if (tagsLeft != 0) {
        world.violation(
            name
                + ": a "
                + len
                + "-byte payload at MTU "
                + mtu
                + " went out in "
                + tagsUsed
                + " datagrams, expected "
                + fragments
                + " (§6.5)");
      }
      tagsLeft = 0;
    }
    stats.payloadsSent++;
    refreshService();
    return len;
  }

  @Override
  public void receive(PeerAddress from, byte[] datagram) {
    ctx.receive(from, datagram, 0, datagram.length);
    refreshService();
  }

  /** Calls service() (running due timers) and schedules the next call at the returned deadline. */
  private void refreshService() {
    long deadline = ctx.service();
    for (Map.Entry<SimPeer, Session> e : live.entrySet()) {
      SessionState st = e.getValue().state();
      if (st == SessionState.S2 || st == SessionState.R1 || st == SessionState.R2) {
        info.get(e.getValue()).confirmed = true;
      }
    }
    long now = world.net.nowMillis();
    long at = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(deadline, now + 1);
    if (at != scheduledServiceAt && at != Long.MAX_VALUE) {
      long token = ++serviceToken;
      world.net.schedule(
          at,
          () -> {
            if (token == serviceToken) {
              scheduledServiceAt = Long.MAX_VALUE;
              refreshService();
            }
          });
    }
    scheduledServiceAt = at;
  }

  Session liveSession(SimPeer remote) {
    return live.get(remote);
  }

  /** Whether {@code s} is live and known to be confirmed by its partner (Bob: C2 seen). */
  boolean isConfirmed(Session s) {
    SessionInfo i = info.get(s);
    return i != null && i.confirmed && s.state() != SessionState.CLOSED;
  }

  /** Whether this peer's live session to {@code remote} is confirmed and can send. */
  boolean established(SimPeer remote) {
    Session s = live.get(remote);
    return s != null && s.state().canSend() && isConfirmed(s);
  }

  /** Changes whenever this peer's session with {@code remote} may have been replaced or lost. */
  long epoch(SimPeer remote) {
    return stats.restarts + pairChanges.getOrDefault(remote, 0L);
  }

  private void bump(SimPeer remote) {
    pairChanges.merge(remote, 1L, Long::sum);
  }

  static String sessionId(Session s) {
    return String.valueOf(s.attachment());
  }

  RatchetPair storedPairFor(SimPeer remote) {
    return store.load(remote.key.publicKey().encoded());
  }

  /**
   * What the current context's {@code stats()} get wrong, if anything (call between calls into it,
   * when no handshake work is in flight): its drops must be {@code dropCounts()}, and handshakes
   * started must equal completed + failed + in progress (half-open entries, sessions in A1 or A3).
   */
  java.util.List<String> statsViolations() {
    java.util.List<String> out = new java.util.ArrayList<>();
    ContextStats s = ctx.stats();
    if (!s.drops().equals(ctx.dropCounts())) {
      out.add(name + ": stats().drops() " + s.drops() + " differ from dropCounts()");
    }
    long inProgress =
        s.halfOpen()
            + s.sessionsByState().get(SessionState.A1)
            + s.sessionsByState().get(SessionState.A3);
    if (s.handshakesStarted() != s.handshakesCompleted() + s.handshakesFailed() + inProgress) {
      out.add(name + ": handshakes started != completed + failed + in progress: " + s);
    }
    if (s.liveSessions() != ctx.sessions().size()) {
      out.add(name + ": sessionsByState " + s.sessionsByState() + " vs " + ctx.sessions());
    }
    return out;
  }

  long drops(DropReason reason) {
    return pastDrops.getOrDefault(reason, 0L) + ctx.dropCounts().getOrDefault(reason, 0L);
  }

  /** Non-zero drop counts of all process generations. */
  Map<DropReason, Long> dropSummary() {
    EnumMap<DropReason, Long> all = new EnumMap<>(pastDrops);
    ctx.dropCounts().forEach((r, n) -> all.merge(r, n, Long::sum));
    return all;
  }

  SimTrace trace() {
    return trace;
  }

  /** The longest a datagram from this peer to {@code remote} can travel. */
  long maxDelayTo(SimPeer remote) {
    return world.net.link(address, remote.address).maxDelayMillis();
  }

  SimWorld world() {
    return world;
  }

  // ---- used by SimApplication

  int generation() {
    return generation;
  }

  void heard(SimPeer remote) {
    lastHeard.put(remote, world.net.nowMillis());
  }

  void onEstablished(Session s, boolean initiator, SimPeer remote) {
    if (!initiator) {
      live.put(remote, s);
      info.put(s, new SessionInfo(sessionId(s), world.net.nowMillis()));
    }
    SessionInfo i = info.get(s);
    if (i != null) {
      i.establishedAt = world.net.nowMillis();
      i.confirmed |= initiator;
    }
    bump(remote);
  }

  void onEnded(Session s, SimPeer remote) {
    if (remote != null && live.get(remote) == s) {
      live.remove(remote);
    }
    if (remote != null) {
      bump(remote);
    }
  }
}
