package io.zssp.reference;

import io.zssp.api.ChallengePolicy;
import io.zssp.api.ContextConfig;
import io.zssp.api.ContextStats;
import io.zssp.api.DropReason;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.ProtocolConstants;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStore;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Role;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspEvent;
import io.zssp.api.ZsspEvent.CloseReason;
import io.zssp.api.ZsspSettings;
import io.zssp.crypto.Aes256Block;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.P384PublicKey;
import io.zssp.wire.FragmentHeader;
import io.zssp.wire.Fragmenter;
import io.zssp.wire.Kid;
import io.zssp.wire.LoadSignal;
import io.zssp.wire.PacketType;
import io.zssp.wire.XkResponder;
import io.zssp.wire.Zcp;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The reference {@link ZsspContext}: receive dispatch (ZSSP-SPEC §6.6), the kid registry, the
 * bounded half-open table (§15.2), the hello reassembly cache (§15.3), timers and drop accounting.
 * Transitions are delegated to the phase classes. Single-threaded: every public method is {@code
 * synchronized}, and application callbacks run on the calling thread. The {@link ContextStats}
 * counters are plain fields under the same monitor; the event counters are kept in {@link #emit}.
 */
final class ReferenceContext implements ZsspContext {
  /** Largest datagram accepted (§15.4). */
  static final int MAX_DATAGRAM = ProtocolConstants.MAX_DATAGRAM_SIZE_IN_BYTES;

  private static final int SESSION_MAX_DATA_PACKET = 1 << 20;

  final ContextConfig config;
  final CryptoProvider crypto;
  final ZsspSettings settings;
  final RatchetStore store;
  final byte[] staticPublic;
  final Zcp zcp;

  private final Map<Integer, ReferenceSession> sessionsByKid = new HashMap<>();
  private final HalfOpenTable halfOpen;

  /** The §15.2 load signal behind ChallengePolicy.UNDER_LOAD. */
  final LoadSignal load;

  private final List<ReferenceSession> sessions = new ArrayList<>();

  /** The creation order of B2 entries (HalfOpen.seq). */
  private long halfOpenSeq;

  /**
   * Per peer (static key): {seq, when} of the last B2 whose X3 made a session (the fork fix's rule
   * 3, docs/MODEL.md "Forks"). An entry is dropped once a B2 lifetime has passed: every older B2
   * has expired by then.
   */
  private final Map<ByteBuffer, long[]> lastAcceptedHalfOpen = new HashMap<>();

  private final Reassembler helloCache;
  private final EnumMap<DropReason, Long> drops = new EnumMap<>(DropReason.class);
  private boolean closed;

  // ContextStats counters (see there for their definitions)
  private long datagramsReceived;
  private long bytesReceived;
  private long datagramsSent;
  private long bytesSent;
  private long handshakesStarted;
  private long handshakesCompleted;
  private long handshakesFailed;
  private long rekeys;
  private long challengesIssued;
  private long challengesAnswered;
  private long sessionsClosed;

  ReferenceContext(ContextConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.crypto = config.crypto();
    this.settings = config.settings();
    this.store = config.ratchetStore();
    this.staticPublic = config.staticKey().publicKey().encoded();
    this.zcp = new Zcp(crypto.sha512(), crypto.random(), now());
    this.load = new LoadSignal(config.x1BudgetPerSecond());
    this.halfOpen =
        new HalfOpenTable(
            config.maxHalfOpen(),
            config.maxHalfOpenPerSource(),
            settings.b2LifetimeMillis(),
            config.quotaIpv6PrefixBits(),
            this::endHalfOpen);
    this.helloCache =
        new Reassembler(
            Reassembler.Limits.helloCache()
                .withTimeoutMillis(settings.fragmentAssemblyTimeoutMillis()),
            type ->
                type == PacketType.X1
                    ? ProtocolConstants.X1_SIZE_IN_BYTES
                    : type == PacketType.CHALLENGE
                        ? ProtocolConstants.CHALLENGE_PACKET_SIZE_IN_BYTES
                        : 0,
            (reason, source) -> drop(DropReason.REASSEMBLY, (PeerAddress) source, null));
  }

  long now() {
    return config.clock().nowMillis();
  }

  // ---------------------------------------------------------------- public API

  @Override
  public synchronized Session open(
      P384PublicKey remoteStaticKey, PeerAddress to, OpenOptions options)
      throws RatchetStoreException {
    if (closed) {
      throw new IllegalStateException("context is closed");
    }
    ReferenceSession s =
        new ReferenceSession(
            this, Role.INITIATOR, remoteStaticKey, to, options.mtu(), options.attachment());
    s.identity = options.identity();
    s.disallowDowngrade = options.disallowDowngrade();
    long now = now();
    InitiatorHandshake.start(s, now); // throws before anything is registered or sent
    sessions.add(s);
    s.handshakeStartedAt = now;
    handshakesStarted++;
    return s;
  }

  @Override
  public synchronized void receive(PeerAddress from, byte[] datagram, int off, int len) {
    datagramsReceived++;
    if (datagram != null && off >= 0 && len >= 0 && off <= datagram.length - len) {
      bytesReceived += len;
    }
    process(from, datagram, off, len);
  }

  /**
   * As the interface's default, but counted once here, with the buffer's length, whatever happens
   * to it (an oversized direct buffer is dropped as malformed without a copy).
   */
  @Override
  public synchronized void receive(PeerAddress from, ByteBuffer datagram) {
    datagramsReceived++;
    if (datagram == null) {
      process(from, null, 0, 0);
      return;
    }
    int len = datagram.remaining();
    bytesReceived += len;
    if (datagram.hasArray()) {
      process(from, datagram.array(), datagram.arrayOffset() + datagram.position(), len);
    } else if (len > MAX_DATAGRAM) {
      process(from, null, 0, 0); // malformed; never copied
    } else {
      byte[] copy = new byte[len];
      datagram.get(datagram.position(), copy);
      process(from, copy, 0, len);
    }
    datagram.position(datagram.limit());
  }

  private void process(PeerAddress from, byte[] datagram, int off, int len) {
    if (closed) {
      drop(DropReason.CONTEXT_CLOSED, from, null);
      return;
    }
    try {
      if (datagram == null
          || off < 0
          || len < ProtocolConstants.MIN_FRAGMENT_SIZE_IN_BYTES
          || len > MAX_DATAGRAM
          || off > datagram.length - len) {
        drop(DropReason.MALFORMED_DATAGRAM, from, null);
        return;
      }
      dispatch(from, datagram, off, len, now());
    } catch (RuntimeException e) {
      drop(DropReason.INTERNAL_ERROR, from, null);
    }
  }

  @Override
  public synchronized long service() {
    long now = now();
    for (ReferenceSession s : new ArrayList<>(sessions)) {
      s.service(now);
    }
    long b2Deadline = halfOpen.expire(now);
    lastAcceptedHalfOpen.values().removeIf(e -> e[1] + settings.b2LifetimeMillis() <= now);
    helloCache.expire(now);
    long next = b2Deadline;
    for (ReferenceSession s : sessions) {
      s.reassembler.expire(now);
      next = Math.min(next, s.nextDeadline());
    }
    if (helloCache.size() > 0 || next == Long.MAX_VALUE) {
      next = Math.min(next, now + settings.fragmentAssemblyTimeoutMillis());
    }
    return next;
  }

  @Override
  public synchronized List<Session> sessions() {
    return List.copyOf(sessions);
  }

  @Override
  public synchronized Map<DropReason, Long> dropCounts() {
    return Map.copyOf(drops);
  }

  @Override
  public synchronized ContextStats stats() {
    EnumMap<SessionState, Integer> byState = new EnumMap<>(SessionState.class);
    long reassemblyBytes = helloCache.bufferedBytes() + halfOpen.reassemblyBytes();
    for (ReferenceSession s : sessions) {
      byState.merge(s.state, 1, Integer::sum);
      reassemblyBytes += s.reassembler.bufferedBytes();
    }
    return new ContextStats(
        datagramsReceived,
        bytesReceived,
        datagramsSent,
        bytesSent,
        handshakesStarted,
        handshakesCompleted,
        handshakesFailed,
        rekeys,
        challengesIssued,
        challengesAnswered,
        sessionsClosed,
        byState,
        halfOpen.size(),
        reassemblyBytes,
        0,
        drops);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    for (ReferenceSession s : new ArrayList<>(sessions)) {
      closeSession(s, CloseReason.CONTEXT_CLOSED);
    }
    halfOpen.clear();
    closed = true;
  }

  // ---------------------------------------------------------------- receive dispatch (§6.6)

  /**
   * Classifies the datagram by its kid before anything is copied (a flood of garbage costs no
   * allocation); only a datagram for a live session or half-open entry is copied, since removing
   * its header protection works in place.
   */
  private void dispatch(PeerAddress from, byte[] datagram, int off, int len, long now) {
    int kid = Kid.read(datagram, off);
    if (kid == 0) {
      dispatchUnassociated(from, datagram, off, len, now);
      return;
    }
    ReferenceSession s = sessionsByKid.get(kid);
    if (s != null) {
      byte[] d = Arrays.copyOfRange(datagram, off, off + len);
      s.hkRecv.processBlock(d, 4, d, 4);
      if (!validFragmentNumbers(d, from, s)) {
        return;
      }
      int type = FragmentHeader.type(d, 0);
      long counter = FragmentHeader.counter(d, 0);
      if (type == PacketType.X2) {
        if (s.state != SessionState.A1
            || Long.compareUnsigned(counter, ProtocolConstants.X2_COUNTER_BOUND) >= 0) {
          drop(DropReason.INVALID_HEADER_NONCE, from, s);
          return;
        }
      } else if (PacketType.usesSessionCounter(type)) {
        if (!s.replay.check(counter)) {
          drop(DropReason.REPLAYED, from, s);
          return;
        }
      } else {
        drop(
            type == PacketType.X3
                ? DropReason.LATE_HANDSHAKE_RESEND
                : DropReason.INVALID_HEADER_NONCE,
            from,
            s);
        return;
      }
      byte[] packet = s.reassembler.offer(null, d, 0, d.length, now);
      if (packet != null) {
        byte[] nonce =
            Arrays.copyOfRange(
                d, FragmentHeader.PACKET_NONCE_OFFSET, FragmentHeader.PACKET_NONCE_OFFSET + 10);
        SessionPackets.onPacket(s, kid, type, counter, nonce, packet, now);
      }
      return;
    }
    HalfOpen b = halfOpen.get(kid, now); // null if past its lifetime, even before service() (B7)
    if (b != null) {
      byte[] d = Arrays.copyOfRange(datagram, off, off + len);
      b.hkRecv.processBlock(d, 4, d, 4);
      if (!validFragmentNumbers(d, from, null)) {
        return;
      }
      if (FragmentHeader.type(d, 0) != PacketType.X3 || FragmentHeader.counter(d, 0) != 0) {
        drop(DropReason.INVALID_HEADER_NONCE, from, null);
        return;
      }
      byte[] packet = b.reassembler.offer(null, d, 0, d.length, now);
      if (packet != null) {
        ResponderHandshake.onX3(this, b, packet, from, now);
      }
      return;
    }
    drop(DropReason.UNKNOWN_KEY_ID, from, null);
  }

  /** Kid 0 (X1, challenge): read in place; the hello cache copies what it keeps. */
  private void dispatchUnassociated(PeerAddress from, byte[] d, int off, int len, long now) {
    int no = FragmentHeader.fragmentNo(d, off);
    int count = FragmentHeader.fragmentCount(d, off);
    if (count < 1 || count > ProtocolConstants.MAX_FRAGMENTS || no >= count) {
      drop(DropReason.BAD_FRAGMENT_HEADER, from, null);
      return;
    }
    int type = FragmentHeader.type(d, off);
    boolean plausible =
        (type == PacketType.X1 && count <= 16) || (type == PacketType.CHALLENGE && count == 1);
    if (!plausible) {
      drop(DropReason.INVALID_HEADER_NONCE, from, null);
      return;
    }
    byte[] packet = helloCache.offer(from, d, off, len, now);
    if (packet == null) {
      return;
    }
    if (type == PacketType.X1) {
      byte[] counter =
          Arrays.copyOfRange(
              d, off + FragmentHeader.COUNTER_OFFSET, off + FragmentHeader.COUNTER_OFFSET + 8);
      ResponderHandshake.onX1(this, packet, counter, from, now);
    } else {
      onChallenge(from, packet);
    }
  }

  private void onChallenge(PeerAddress from, byte[] packet) {
    if (packet.length != ProtocolConstants.CHALLENGE_PACKET_SIZE_IN_BYTES) {
      drop(DropReason.WRONG_SIZE, from, null);
      return;
    }
    ReferenceSession s = sessionsByKid.get(Kid.read(packet, 0));
    if (s == null || s.other == null || s.other.recvKid != Kid.read(packet, 0)) {
      drop(DropReason.CHALLENGE_MISMATCH, from, null);
      return;
    }
    InitiatorHandshake.onChallenge(s, packet);
  }

  private boolean validFragmentNumbers(byte[] d, PeerAddress from, ReferenceSession s) {
    int no = FragmentHeader.fragmentNo(d, 0);
    int count = FragmentHeader.fragmentCount(d, 0);
    if (count < 1 || count > ProtocolConstants.MAX_FRAGMENTS || no >= count) {
      drop(DropReason.BAD_FRAGMENT_HEADER, from, s);
      return false;
    }
    return true;
  }

  // ---------------------------------------------------------------- services for the phases

  /** Live half-open entries (for tests of the memory bound). */
  synchronized int halfOpenCount() {
    return halfOpen.size();
  }

  /** Partial packets in the hello cache (for tests of the memory bound). */
  synchronized int helloCacheSize() {
    return helloCache.size();
  }

  boolean challengeInForce() {
    ChallengePolicy policy = config.challengePolicy();
    return policy == ChallengePolicy.ALWAYS
        || (policy == ChallengePolicy.UNDER_LOAD
            && load.underLoad(now(), halfOpen.size(), config.maxHalfOpen()));
  }

  /** A fresh random non-zero kid, unique among every session's kids and every B2 (B11). */
  int newKid() {
    byte[] b = new byte[4];
    while (true) {
      crypto.random().nextBytes(b);
      int kid = Kid.read(b, 0);
      if (kid != 0 && !sessionsByKid.containsKey(kid) && !halfOpen.containsKid(kid)) {
        return kid;
      }
    }
  }

  void registerKid(int kid, ReferenceSession s) {
    sessionsByKid.put(kid, s);
  }

  void unregisterKid(int kid) {
    sessionsByKid.remove(kid);
  }

  void addSession(ReferenceSession s) {
    sessions.add(s);
  }

  /** Adds a B2 entry (§15.2 bounds); live entries evicted for room are counted. */
  void addHalfOpen(HalfOpen b) {
    for (HalfOpen evicted : halfOpen.add(b, now())) {
      drop(DropReason.HALF_OPEN_LIMIT, evicted.source, null);
    }
  }

  long nextHalfOpenSeq() {
    return ++halfOpenSeq;
  }

  /**
   * Fork fix, rule 2: whether a live B2 was opened by an X1 whose rf1 is {@code fingerprint} (the
   * new state a row-2 write is about to store) and was resolved to {@code psk}.
   */
  boolean hasSuccessorHalfOpen(byte[] fingerprint, RatchetState psk) {
    return halfOpen.hasSuccessor(fingerprint, psk, now());
  }

  /** Fork fix, rule 3: whether a B2 of this peer created after {@code b2} has made a session. */
  boolean isStaleHalfOpen(byte[] peerStaticKey, HalfOpen b2) {
    long[] last = lastAcceptedHalfOpen.get(ByteBuffer.wrap(peerStaticKey));
    return last != null && b2.seq < last[0];
  }

  /** Fork fix, rule 3: {@code b2}'s X3 made a session with this peer. */
  void halfOpenAccepted(byte[] peerStaticKey, HalfOpen b2, long now) {
    lastAcceptedHalfOpen.merge(
        ByteBuffer.wrap(peerStaticKey.clone()),
        new long[] {b2.seq, now},
        (old, neu) -> old[0] > neu[0] ? old : neu);
  }

  /**
   * Fork fix, rule 4: an X1 whose non-zero rf1 is unknown and whose rf2 resolved to {@code psk0}
   * comes from a peer that stored the new state of a rekey we started with psk0 (CAS row 4) and
   * then lost its session: that rekey's K2 must not be accepted any more, so the session closes.
   */
  void closeRekeysAbandonedBy(RatchetState psk0) {
    byte[] fingerprint = psk0.fingerprint();
    for (ReferenceSession s : new ArrayList<>(sessions)) {
      if (s.state == SessionState.R1
          && s.ratchet != null
          && s.ratchet.state1().hasFingerprint(fingerprint)) {
        closeSession(s, CloseReason.REKEY_ABANDONED_BY_PEER);
      }
    }
  }

  /** The live B2 created from an X1 with these bytes 0..1717, or null (§14.2). */
  HalfOpen findHalfOpenByX1(byte[] x1Body, long now) {
    return halfOpen.findByX1(x1Body, now);
  }

  /** Puts a claimed entry back (after a transient storage error at X3, B12). */
  void readdHalfOpen(HalfOpen b) {
    halfOpen.readd(b);
  }

  /** Claims an entry: it leaves the table and its kid is free for X3 processing. */
  void removeHalfOpen(HalfOpen b) {
    halfOpen.remove(b);
  }

  /**
   * Destroys a half-open entry that is done with (claimed and processed, expired, evicted, or
   * cleared); its handshake failed unless X3 made a session of it. Idempotent.
   */
  void endHalfOpen(HalfOpen b) {
    if (b.ended) {
      return;
    }
    b.ended = true;
    b.destroy();
    if (!b.established) {
      handshakesFailed++;
    }
  }

  /** A responder's X1 reached public-key work. */
  void responderHandshakeStarted() {
    handshakesStarted++;
  }

  /** A responder's handshake ended before it had a half-open entry (X1 failed, π1, store). */
  void responderHandshakeFailed() {
    handshakesFailed++;
  }

  /** A half-open entry's X3 reassembly: one X3, ≈ 4.2 KB at most (§15.2). */
  /** A half-open entry's X3 reassembly; its drops are reported against the X1's source. */
  Reassembler newX3Reassembler(PeerAddress x1Source) {
    return new Reassembler(
        Reassembler.Limits.x3().withTimeoutMillis(settings.fragmentAssemblyTimeoutMillis()),
        type -> type == PacketType.X3 ? XkResponder.X3_MAX_SIZE : 0,
        (reason, source) -> drop(DropReason.REASSEMBLY, x1Source, null));
  }

  /** A session's reassembly; its drops are reported against the session and its address. */
  Reassembler newSessionReassembler(ReferenceSession s) {
    return new Reassembler(
        Reassembler.Limits.session().withTimeoutMillis(settings.fragmentAssemblyTimeoutMillis()),
        ReferenceContext::maxSessionPacket,
        (reason, source) -> drop(DropReason.REASSEMBLY, s.remoteAddress(), s));
  }

  private static int maxSessionPacket(int type) {
    switch (type) {
      case PacketType.X2:
        return ProtocolConstants.X2_SIZE_IN_BYTES;
      case PacketType.X3:
        return ProtocolConstants.X3_MIN_SIZE_IN_BYTES
            + ProtocolConstants.MAX_IDENTITY_SIZE_IN_BYTES;
      case PacketType.C1:
      case PacketType.C2:
      case PacketType.D:
        return ProtocolConstants.CONTROL_PACKET_SIZE_IN_BYTES;
      case PacketType.K1:
      case PacketType.K2:
        return ProtocolConstants.REKEY_PACKET_SIZE_IN_BYTES;
      case PacketType.P:
        return SESSION_MAX_DATA_PACKET;
      default:
        return 0;
    }
  }

  /** Expires a session (T12, T19, T20, D): unregister its kids, wipe its keys, report it. */
  void closeSession(ReferenceSession s, CloseReason reason) {
    if (s.state == SessionState.CLOSED) {
      return;
    }
    if (s.current != null) {
      unregisterKid(s.current.recvKid);
    }
    if (s.other != null) {
      unregisterKid(s.other.recvKid);
    }
    if (s.state == SessionState.A1 || s.state == SessionState.A3) {
      handshakesFailed++; // Alice's handshake ends without a session
    }
    s.destroyAll();
    sessions.remove(s);
    emit(new ZsspEvent.SessionClosed(s, reason));
  }

  /** Fragments {@code packet} and hands every datagram to the configured sender. */
  void sendPacket(
      PeerAddress to, byte[] packet, byte[] kid, int type, long counter, int mtu, Aes256Block hk) {
    boolean fits =
        Fragmenter.fragment(
            packet,
            0,
            packet.length,
            kid,
            type,
            counter,
            mtu,
            hk,
            (datagram, off, len) -> {
              datagramsSent++;
              bytesSent += len;
              if (!config.sender().send(to, datagram, off, len)) {
                drop(DropReason.SEND_FAILED, to, null);
              }
            });
    if (!fits) {
      throw new IllegalStateException(
          "a "
              + packet.length
              + "-byte packet of type "
              + type
              + " does not fit in 48 fragments at MTU "
              + mtu);
    }
  }

  void drop(DropReason reason, PeerAddress from, ReferenceSession s) {
    count(reason);
    emit(new ZsspEvent.Dropped(reason, from, s));
  }

  private void count(DropReason reason) {
    drops.merge(reason, 1L, Long::sum);
  }

  /** Counts the event for {@link ContextStats} and hands it to the application. */
  void emit(ZsspEvent event) {
    if (event instanceof ZsspEvent.SessionEstablished) {
      handshakesCompleted++;
    } else if (event instanceof ZsspEvent.Rekeyed) {
      rekeys++;
    } else if (event instanceof ZsspEvent.ChallengeIssued) {
      challengesIssued++;
    } else if (event instanceof ZsspEvent.ChallengeAnswered) {
      challengesAnswered++;
    } else if (event instanceof ZsspEvent.SessionClosed) {
      sessionsClosed++;
    }
    config.application().onEvent(event);
  }
}
