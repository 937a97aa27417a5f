package io.zssp.engine;

import io.zssp.api.ChallengePolicy;
import io.zssp.api.ContextConfig;
import io.zssp.api.ContextStats;
import io.zssp.api.DatagramSender;
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
import io.zssp.api.ZsspApplication;
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
import io.zssp.wire.XkInitiator;
import io.zssp.wire.XkResponder;
import io.zssp.wire.Zcp;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine's {@link ZsspContext}: receive dispatch (ZSSP-SPEC §6.6), the kid registry, the
 * bounded half-open table (§15.2) and hello cache (§15.3), the global reassembly budget (§15.4),
 * the timer wheel and drop accounting. Transitions are delegated to the phase classes.
 *
 * <p>See the package documentation for the threading contract. Locks, in the only order they are
 * ever taken: a session's lock (or a half-open entry's monitor), then one of the short context-wide
 * locks (timer wheel, half-open table, hello cache), which guard only bookkeeping. No lock is held
 * while the application, the sender or the ratchet store of another session runs, and no
 * context-wide lock during any cryptography or proof of work (B13, B24).
 */
final class EngineContext implements ZsspContext {
  /** Largest datagram accepted (§15.4). */
  static final int MAX_DATAGRAM = ProtocolConstants.MAX_DATAGRAM_SIZE_IN_BYTES;

  private static final int SERVICE_BATCH = 64;

  final ContextConfig config;
  final EngineLimits limits;
  final CryptoProvider crypto;
  final ZsspSettings settings;
  final RatchetStore store;
  final ZsspApplication application;
  final DatagramSender sender;
  final byte[] staticPublic;

  final KidRegistry kids;
  final Set<EngineSession> sessions = ConcurrentHashMap.newKeySet();
  final HalfOpenTable halfOpen;

  /** The §15.2 load signal behind ChallengePolicy.UNDER_LOAD. */
  final LoadSignal load;

  final TimerWheel timers;
  final DropCounters drops = new DropCounters();

  /** What {@link #stats()} reports besides drops and occupancy. */
  final StatsCounters counters = new StatsCounters();

  /**
   * Bytes in the reassembly buffers of the hello cache and the half-open entries' X3s (those are
   * not under the sessions' budget, so they are counted here).
   */
  private final AtomicLong unbudgetedReassemblyBytes = new AtomicLong();

  final ReassemblyBudget reassemblyBudget;

  /** The optional caps on responder sessions. */
  final SessionQuota sessionQuota;

  /** Where responders' public-key work runs (inline, or a bounded pool). */
  final HandshakeWorkers workers;

  /** Every session's reassembly buffers: one pool, charged in full to the budget. */
  final ReassemblyBuffers reassemblyBuffers;

  private final Reassembly helloCache;
  private final Zcp zcp;
  private final LongAdder sessionsServiced = new LongAdder();
  private volatile boolean closed;

  /** A fatal error on a handshake worker, rethrown to every later receive and service. */
  private volatile VirtualMachineError failure;

  EngineContext(ContextConfig config, EngineLimits limits) {
    this.config = Objects.requireNonNull(config, "config");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.crypto = LeanAes.provider(config.crypto()); // AES contexts only while in use
    this.settings = config.settings();
    this.store = config.ratchetStore();
    this.application = config.application();
    this.sender = config.sender();
    this.staticPublic = config.staticKey().publicKey().encoded();
    this.zcp = new Zcp(crypto.sha512(), crypto.random(), now()); // draws the salt first
    this.kids = new KidRegistry(crypto.random());
    this.timers = new TimerWheel(now());
    this.load = new LoadSignal(config.x1BudgetPerSecond());
    this.halfOpen =
        new HalfOpenTable(
            config.maxHalfOpen(),
            config.maxHalfOpenPerSource(),
            settings.b2LifetimeMillis(),
            config.quotaIpv6PrefixBits());
    this.reassemblyBudget = new ReassemblyBudget(limits.globalReassemblyBytes());
    this.sessionQuota =
        new SessionQuota(limits.maxResponderSessions(), limits.maxResponderSessionsPerPeer());
    this.workers = new HandshakeWorkers(this, limits.handshakeWorkers(), limits.handshakeQueue());
    this.reassemblyBuffers =
        ReassemblyBuffers.budgeted(reassemblyBudget, limits.globalReassemblyBytes() / 8);
    this.helloCache =
        new Reassembly(
            new Reassembly.Limits(
                limits.helloCacheEntries(),
                limits.helloCachePerSource(),
                (long) limits.helloCacheEntries() * (ProtocolConstants.X1_SIZE_IN_BYTES + 48),
                limits.helloCacheFragmentSlots(),
                settings.fragmentAssemblyTimeoutMillis()),
            type ->
                type == PacketType.X1
                    ? ProtocolConstants.X1_SIZE_IN_BYTES
                    : type == PacketType.CHALLENGE
                        ? ProtocolConstants.CHALLENGE_PACKET_SIZE_IN_BYTES
                        : 0,
            ReassemblyBuffers.local(unbudgetedReassemblyBytes),
            source -> drop(DropReason.REASSEMBLY, (PeerAddress) source, null));
  }

  long now() {
    return config.clock().nowMillis();
  }

  boolean isClosed() {
    return closed;
  }

  /** Records a fatal error from a handshake worker (the first one wins) and stops the workers. */
  void failed(VirtualMachineError e) {
    if (failure == null) {
      failure = e;
    }
    workers.shutdown();
  }

  /** Rethrows a worker's fatal error to the caller: a failed context never looks alive. */
  private void rethrowFailure() {
    VirtualMachineError e = failure;
    if (e != null) {
      throw e;
    }
  }

  // ---------------------------------------------------------------- public API

  @Override
  public Session open(P384PublicKey remoteStaticKey, PeerAddress to, OpenOptions options)
      throws RatchetStoreException {
    Objects.requireNonNull(remoteStaticKey, "remoteStaticKey");
    Objects.requireNonNull(to, "to");
    if (closed) {
      throw new IllegalStateException("context is closed");
    }
    EngineSession s =
        new EngineSession(
            this, Role.INITIATOR, remoteStaticKey, to, options.mtu(), options.attachment());
    s.identity = options.identity();
    s.disallowDowngrade = options.disallowDowngrade();
    Outbox out = Outbox.enter(this);
    try {
      s.lock();
      try {
        boolean started = false;
        long now = now();
        EngineJfrEvents.Handshake jfr = EngineJfrEvents.beginHandshake(); // null unless recorded
        try {
          InitiatorHandshake.start(s, now); // throws before anything is sent
          started = true;
        } finally {
          if (!started && s.other != null) {
            kids.release(s.other.recvKid, s);
          }
        }
        s.handshakeStartedAt = now;
        s.jfr = jfr;
        counters.handshakesStarted.increment();
        sessions.add(s);
        if (closed) {
          closeSession(s, CloseReason.CONTEXT_CLOSED);
        }
      } finally {
        s.unlock();
      }
    } finally {
      out.exit();
    }
    return s;
  }

  @Override
  public void receive(PeerAddress from, byte[] datagram, int off, int len) {
    counters.received(
        datagram != null && off >= 0 && len >= 0 && off <= datagram.length - len ? len : 0);
    rethrowFailure();
    Outbox out = Outbox.enter(this);
    try {
      boolean malformed =
          datagram == null || off < 0 || !lengthOk(len) || off > datagram.length - len;
      if (admit(from, malformed)) {
        dispatch(from, datagram, off, len, now());
      }
    } catch (RuntimeException e) {
      drop(DropReason.INTERNAL_ERROR, from, null);
    } finally {
      out.exit();
    }
  }

  /**
   * A heap buffer is read in place, as an array. A direct buffer is copied once, into this thread's
   * receive buffer, which the dispatch then works on in place: the same single copy as for an
   * array, and no allocation.
   */
  @Override
  public void receive(PeerAddress from, ByteBuffer datagram) {
    if (datagram == null || datagram.hasArray()) {
      ZsspContext.super.receive(from, datagram); // counted there
      return;
    }
    int len = datagram.remaining();
    counters.received(len);
    rethrowFailure();
    Outbox out = Outbox.enter(this);
    try {
      if (admit(from, !lengthOk(len))) { // checked before anything is copied
        byte[] buf = out.receiveBuffer(len);
        datagram.get(datagram.position(), buf, 0, len);
        dispatch(from, buf, 0, len, now());
      }
    } catch (RuntimeException e) {
      drop(DropReason.INTERNAL_ERROR, from, null);
    } finally {
      out.exit();
    }
    datagram.position(datagram.limit());
  }

  /** Whether a datagram of {@code len} bytes may be valid at all (§15.4). */
  private static boolean lengthOk(int len) {
    return len >= ProtocolConstants.MIN_FRAGMENT_SIZE_IN_BYTES && len <= MAX_DATAGRAM;
  }

  /** The checks before dispatch: a closed context or a malformed datagram is dropped. */
  private boolean admit(PeerAddress from, boolean malformed) {
    if (closed) {
      drop(DropReason.CONTEXT_CLOSED, from, null);
      return false;
    }
    if (malformed) {
      drop(DropReason.MALFORMED_DATAGRAM, from, null);
      return false;
    }
    return true;
  }

  @Override
  public long service() {
    rethrowFailure();
    Outbox out = Outbox.enter(this);
    try {
      long now = now();
      // The batch array only when a session is due: a call with nothing due allocates nothing.
      TimerWheel.Member[] due =
          timers.earliest(now) <= now ? new TimerWheel.Member[SERVICE_BATCH] : null;
      while (due != null) {
        int n = timers.pollDue(now, due);
        for (int i = 0; i < n; i++) {
          EngineSession s = (EngineSession) due[i];
          due[i] = null;
          try {
            serviceOne(s, now);
          } catch (Error e) {
            for (int j = i + 1; j < n; j++) { // popped but not served: back in the wheel
              timers.schedule(due[j], now);
              due[j] = null;
            }
            throw e;
          }
        }
        if (n < SERVICE_BATCH) {
          break;
        }
      }
      destroyAll(halfOpen.expire(now));
      synchronized (helloCache) {
        helloCache.expire(now);
      }
      return nextDeadline(now);
    } finally {
      out.exit();
    }
  }

  /**
   * One due session's timers. A session whose lock is busy (its own public-key work, say) is not
   * waited for: it goes back into the wheel for the next call, as does one whose timers threw.
   * Whatever happens, a session leaves here scheduled strictly after {@code now}, so one call never
   * visits a session twice.
   */
  private void serviceOne(EngineSession s, long now) {
    if (!s.lock.tryLock()) {
      timers.schedule(s, now + 1);
      return;
    }
    long next = now + settings.resendMillis(); // if its timers throw
    try {
      sessionsServiced.increment();
      s.service(now);
      next = s.nextDeadline();
    } catch (RuntimeException e) {
      drops.count(DropReason.INTERNAL_ERROR);
    } finally {
      // Under the session's lock, so no concurrent unlock() can slip a later deadline in between:
      // the wheel only ever holds a deadline at or before the real one.
      timers.schedule(s, next == Long.MAX_VALUE ? next : Math.max(next, now + 1));
      s.lock.unlock();
    }
  }

  private long nextDeadline(long now) {
    long next = Math.min(timers.earliest(now), halfOpen.nextExpiry());
    synchronized (helloCache) {
      next = Math.min(next, helloCache.nextExpiry());
    }
    if (next == Long.MAX_VALUE) {
      next = now + settings.fragmentAssemblyTimeoutMillis();
    }
    return Math.max(next, now);
  }

  @Override
  public List<Session> sessions() {
    return List.copyOf(sessions);
  }

  @Override
  public Map<DropReason, Long> dropCounts() {
    return drops.snapshot();
  }

  /** Lock-free but for the half-open table's and the hello cache's short locks (their sizes). */
  @Override
  public ContextStats stats() {
    StatsCounters c = counters;
    return new ContextStats(
        c.datagramsReceived.sum(),
        c.bytesReceived.sum(),
        c.datagramsSent.sum(),
        c.bytesSent.sum(),
        c.handshakesStarted.sum(),
        c.handshakesCompleted.sum(),
        c.handshakesFailed.sum(),
        c.rekeys.sum(),
        c.challengesIssued.sum(),
        c.challengesAnswered.sum(),
        c.sessionsClosed.sum(),
        c.sessionsByState(),
        halfOpen.size(),
        reassemblyBuffers.inUse() + unbudgetedReassemblyBytes.get(),
        workers.queued(),
        drops.snapshot());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    workers.shutdown(); // queued handshakes only clean up now
    Outbox out = Outbox.enter(this);
    try {
      for (EngineSession s : new ArrayList<>(sessions)) {
        s.lock();
        try {
          closeSession(s, CloseReason.CONTEXT_CLOSED);
        } finally {
          s.unlock();
        }
      }
      destroyAll(halfOpen.clear());
      synchronized (helloCache) {
        helloCache.clear();
      }
    } finally {
      out.exit();
    }
  }

  // ---------------------------------------------------------------- receive dispatch (§6.6)

  private void dispatch(PeerAddress from, byte[] d, int off, int len, long now) {
    int kid = Kid.read(d, off);
    if (kid == 0) {
      dispatchUnassociated(from, d, off, len, now);
      return;
    }
    Object target = kids.get(kid);
    if (target instanceof EngineSession) {
      toSession((EngineSession) target, kid, from, d, off, len, now);
    } else if (target instanceof HalfOpen) {
      toHalfOpen((HalfOpen) target, from, d, off, len, now);
    } else {
      drop(DropReason.UNKNOWN_KEY_ID, from, null);
    }
  }

  /** Steps 3 of §6.6: header, Vrfy, reassembly and the packet rules, under the session's lock. */
  private void toSession(
      EngineSession s, int kid, PeerAddress from, byte[] d, int off, int len, long now) {
    Outbox out = Outbox.current();
    byte[] buf = out.receiveBuffer(len);
    if (buf != d) { // d is the receive buffer already when it came from a direct ByteBuffer
      System.arraycopy(d, off, buf, 0, len);
    }
    s.lock();
    try {
      if (s.state == SessionState.CLOSED || !s.hasRecvKid(kid)) {
        drop(DropReason.UNKNOWN_KEY_ID, from, null); // retired since the lookup
        return;
      }
      s.hkRecv.processBlock(buf, 4, buf, 4);
      if (!validFragmentNumbers(buf, from, s)) {
        return;
      }
      int type = FragmentHeader.type(buf, 0);
      long counter = FragmentHeader.counter(buf, 0);
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
      if (FragmentHeader.fragmentCount(buf, 0) == 1) {
        if (len - FragmentHeader.SIZE > maxSessionPacket(type)) {
          drop(DropReason.REASSEMBLY, from, s);
          return;
        }
        SessionPackets.onPacket(
            s, kid, type, counter, buf, buf, FragmentHeader.SIZE, len - FragmentHeader.SIZE, now);
        return;
      }
      if (s.fragments == null) {
        s.fragments = newSessionReassembly(s);
      }
      s.fragmentsUsed = true;
      int n = s.fragments.offer(null, buf, 0, len, now);
      if (n >= 0) {
        try {
          SessionPackets.onPacket(s, kid, type, counter, buf, s.fragments.packet(), 0, n, now);
        } finally {
          if (s.fragments != null) {
            s.fragments.recycle();
          }
        }
      }
    } finally {
      s.unlock();
    }
  }

  /** Step 4 of §6.6: an X3 fragment for a half-open entry. */
  private void toHalfOpen(HalfOpen b, PeerAddress from, byte[] d, int off, int len, long now) {
    if (halfOpen.isExpired(b, now)) {
      destroyAll(halfOpen.expire(now)); // past its lifetime even before service() (B7)
      drop(DropReason.UNKNOWN_KEY_ID, from, null);
      return;
    }
    byte[] packet;
    Outbox out = Outbox.current();
    byte[] buf = out.receiveBuffer(len);
    if (buf != d) {
      System.arraycopy(d, off, buf, 0, len);
    }
    synchronized (b) {
      if (b.hkRecv == null) {
        drop(DropReason.UNKNOWN_KEY_ID, from, null); // discarded since the lookup
        return;
      }
      if (b.claimed) {
        drop(DropReason.LATE_HANDSHAKE_RESEND, from, null); // another copy is being processed
        return;
      }
      b.hkRecv.processBlock(buf, 4, buf, 4);
      if (!validFragmentNumbers(buf, from, null)) {
        return;
      }
      if (FragmentHeader.type(buf, 0) != PacketType.X3 || FragmentHeader.counter(buf, 0) != 0) {
        drop(DropReason.INVALID_HEADER_NONCE, from, null);
        return;
      }
      if (FragmentHeader.fragmentCount(buf, 0) == 1) {
        if (len - FragmentHeader.SIZE > XkResponder.X3_MAX_SIZE) {
          drop(DropReason.REASSEMBLY, from, null); // above its type's bound (§6.7), as a fragment
          return;
        }
        packet = Arrays.copyOfRange(buf, FragmentHeader.SIZE, len);
      } else {
        if (b.x3Fragments == null) {
          b.x3Fragments = newX3Reassembly(b.source);
        }
        int n = b.x3Fragments.offer(null, buf, 0, len, now);
        if (n < 0) {
          return;
        }
        packet = Arrays.copyOf(b.x3Fragments.packet(), n);
        b.x3Fragments.recycle();
      }
    }
    ResponderHandshake.onX3(this, b, packet, from, now);
  }

  /** Step 6 of §6.6: kid 0, an X1 or a challenge, through the bounded hello cache. */
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
    // A replayed X1 is recognised where it lies, before it is copied (a replay flood's cost).
    boolean x1 = type == PacketType.X1;
    long nonce = FragmentHeader.counter(d, off);
    byte[] packet;
    if (count == 1) {
      int max =
          x1
              ? ProtocolConstants.X1_SIZE_IN_BYTES
              : ProtocolConstants.CHALLENGE_PACKET_SIZE_IN_BYTES;
      int n = len - FragmentHeader.SIZE;
      if (n > max) {
        drop(DropReason.REASSEMBLY, from, null);
        return;
      }
      int at = off + FragmentHeader.SIZE;
      if (x1 && ResponderHandshake.duplicateX1(this, d, at, n, nonce, from, now)) {
        return;
      }
      packet = Arrays.copyOfRange(d, at, at + n);
    } else {
      synchronized (helloCache) { // then the half-open table's lock, or an entry's: never back
        int n = helloCache.offer(from, d, off, len, now);
        if (n < 0) {
          return;
        }
        boolean duplicate =
            x1 && ResponderHandshake.duplicateX1(this, helloCache.packet(), 0, n, nonce, from, now);
        packet = duplicate ? null : Arrays.copyOf(helloCache.packet(), n);
        helloCache.recycle();
      }
      if (packet == null) {
        return;
      }
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
    int kid = Kid.read(packet, 0);
    Object target = kids.get(kid);
    if (!(target instanceof EngineSession)) {
      drop(DropReason.CHALLENGE_MISMATCH, from, null);
      return;
    }
    InitiatorHandshake.onChallenge((EngineSession) target, kid, packet, from);
  }

  private boolean validFragmentNumbers(byte[] d, PeerAddress from, EngineSession s) {
    int no = FragmentHeader.fragmentNo(d, 0);
    int count = FragmentHeader.fragmentCount(d, 0);
    if (count < 1 || count > ProtocolConstants.MAX_FRAGMENTS || no >= count) {
      drop(DropReason.BAD_FRAGMENT_HEADER, from, s);
      return false;
    }
    return true;
  }

  // ---------------------------------------------------------------- services for the phases

  boolean challengeInForce() {
    ChallengePolicy policy = config.challengePolicy();
    return policy == ChallengePolicy.ALWAYS
        || (policy == ChallengePolicy.UNDER_LOAD
            && (workers.busy() || load.underLoad(now(), halfOpen.size(), config.maxHalfOpen())));
  }

  /** Whether X1's trailer answers one of our challenges for {@code from} (consumed if so). */
  boolean challengeAnswered(byte[] x1, PeerAddress from, long now) {
    return zcp.checkAndConsume(x1, XkInitiator.X1_NOISE_SIZE, from, now); // lock-free
  }

  /** The 36-byte challenge answering {@code x1} from {@code from}. */
  byte[] issueChallenge(byte[] x1, PeerAddress from, long now) {
    return zcp.issue(Arrays.copyOf(x1, 4), x1, XkInitiator.X1_POW_OFFSET, from, now);
  }

  /**
   * Adds a B2 entry (§15.2 bounds); live entries evicted for room are counted.
   *
   * @return false if the entry was refused (the context closed) and has been discarded
   */
  boolean addHalfOpen(HalfOpen b, long now) {
    return settle(b, halfOpen.add(b, now), now);
  }

  /** Gives back the claim on a B2 entry after a transient storage error (B12). */
  void unclaimHalfOpen(HalfOpen b, long now) {
    settle(b, halfOpen.unclaim(b, now), now);
  }

  /** Discards what left the half-open table; false if that includes {@code b} itself. */
  private boolean settle(HalfOpen b, List<HalfOpen> left, long now) {
    boolean kept = true;
    for (HalfOpen old : left) {
      if (old == b) {
        kept = false;
      } else if (!halfOpen.isExpired(old, now)) {
        drop(DropReason.HALF_OPEN_LIMIT, old.source, null);
      }
    }
    destroyAll(left);
    return kept;
  }

  /**
   * Destroys a B2 entry that left the table (or was claimed and is done with). Its handshake failed
   * unless X3 made a session of it ({@link HalfOpen#established}); counted once.
   */
  void discard(HalfOpen b) {
    halfOpen.forget(b.origin); // the fork fix's rule 2 no longer counts it
    kids.release(b.kidB, b);
    if (b.destroy() && !b.established) {
      counters.handshakesFailed.increment();
      EngineJfrEvents.endHandshake(
          b.jfr,
          Role.RESPONDER,
          b.source,
          false,
          false,
          now() - b.x1ReceivedAt,
          b.endReason == null ? "HALF_OPEN_ENDED" : b.endReason);
    }
  }

  private void destroyAll(List<HalfOpen> entries) {
    for (HalfOpen b : entries) {
      discard(b);
    }
  }

  /** A session's reassembly; its drops are reported against the session and its address. */
  Reassembly newSessionReassembly(EngineSession s) {
    return new Reassembly(
        new Reassembly.Limits(
            limits.sessionReassemblyEntries(),
            limits.sessionReassemblyEntries(),
            // A buffer holds count × (first fragment + 1) bytes: up to 2 per fragment above the
            // packet, so a packet of exactly the per-session limit still fits.
            limits.sessionReassemblyBytes() + 2L * ProtocolConstants.MAX_FRAGMENTS,
            limits.sessionReassemblyEntries() * ProtocolConstants.MAX_FRAGMENTS,
            settings.fragmentAssemblyTimeoutMillis()),
        EngineContext::maxSessionPacket,
        reassemblyBuffers,
        source -> drop(DropReason.REASSEMBLY, s.remoteAddress, s));
  }

  /** A half-open entry's X3 reassembly; its drops are reported against the X1's source. */
  Reassembly newX3Reassembly(PeerAddress x1Source) {
    return new Reassembly(
        new Reassembly.Limits(
            1,
            1,
            XkResponder.X3_MAX_SIZE + 2L * ProtocolConstants.MAX_FRAGMENTS,
            ProtocolConstants.MAX_FRAGMENTS,
            settings.fragmentAssemblyTimeoutMillis()),
        type -> type == PacketType.X3 ? XkResponder.X3_MAX_SIZE : 0,
        ReassemblyBuffers.local(unbudgetedReassemblyBytes),
        source -> drop(DropReason.REASSEMBLY, x1Source, null));
  }

  /** The largest assembled packet of each type on a session kid (§6.7). */
  static int maxSessionPacket(int type) {
    switch (type) {
      case PacketType.X2:
        return ProtocolConstants.X2_SIZE_IN_BYTES;
      case PacketType.C1:
      case PacketType.C2:
      case PacketType.D:
        return ProtocolConstants.CONTROL_PACKET_SIZE_IN_BYTES;
      case PacketType.K1:
      case PacketType.K2:
        return ProtocolConstants.REKEY_PACKET_SIZE_IN_BYTES;
      case PacketType.P:
        return Integer.MAX_VALUE; // bounded by the session's and the context's byte budgets
      default:
        return 0;
    }
  }

  /**
   * Expires a session (T10, T12, T19, T20): release its kids, wipe its keys, report it. Called with
   * the session's lock held; idempotent.
   */
  void closeSession(EngineSession s, CloseReason reason) {
    if (s.state == SessionState.CLOSED) {
      return;
    }
    if (s.current != null) {
      kids.release(s.current.recvKid, s);
    }
    if (s.other != null) {
      kids.release(s.other.recvKid, s);
    }
    if (s.state == SessionState.A1 || s.state == SessionState.A3) {
      counters.handshakesFailed.increment(); // Alice's handshake ends without a session
    }
    s.jfrClosing(reason, now());
    s.destroyAll();
    removeSession(s);
    timers.remove(s);
    counters.sessionsClosed.increment();
    s.emit(new ZsspEvent.SessionClosed(s, reason));
  }

  /**
   * Fork fix, rule 4 (docs/MODEL.md "Forks"): an X1 whose non-zero rf1 is unknown and whose rf2
   * resolved to {@code psk0} comes from a peer that stored the new state of a rekey we started with
   * psk0 (CAS row 4) and then lost its session: that rekey's K2 must not be accepted any more, so
   * each session in R1 whose state1 is psk0 closes. Called with no lock held, from the thread
   * answering the X1; takes each R1 session's own lock in turn (R1 is read without it first, so
   * sessions not rekeying are not touched). Such an X1 needs a fingerprint that only the peers
   * know, so an unauthenticated sender cannot make this walk the sessions.
   */
  void closeRekeysAbandonedBy(RatchetState psk0) {
    byte[] fingerprint = psk0.fingerprint();
    for (EngineSession s : sessions) {
      if (s.state != SessionState.R1) {
        continue;
      }
      s.lock();
      try {
        if (s.state == SessionState.R1
            && s.ratchet != null
            && s.ratchet.state1().hasFingerprint(fingerprint)) {
          closeSession(s, CloseReason.REKEY_ABANDONED_BY_PEER);
        }
      } finally {
        s.unlock();
      }
    }
  }

  /** Takes {@code s} out of the session set, giving back its quota place if it holds one. */
  void removeSession(EngineSession s) {
    if (sessions.remove(s) && s.holdsQuotaPlace) {
      s.holdsQuotaPlace = false;
      sessionQuota.release(s.remoteStaticBytes);
    }
  }

  /**
   * Fragments {@code packet[0, len)} and queues every datagram for the sender, each written
   * straight into the outbox (one copy of the packet's bytes, no allocation).
   */
  void sendPacket(
      PeerAddress to,
      byte[] packet,
      int len,
      int kid,
      int type,
      long counter,
      int mtu,
      Aes256Block hk) {
    int count = Fragmenter.fragmentCount(len, mtu);
    if (count < 0) {
      throw new IllegalStateException(
          "a "
              + len
              + "-byte packet of type "
              + type
              + " does not fit in 48 fragments at MTU "
              + mtu);
    }
    Outbox out = Outbox.current();
    int pos = 0;
    for (int i = 0; i < count; i++) {
      int size = Fragmenter.fragmentSize(len, count, i);
      int at = out.reserve(FragmentHeader.SIZE + size);
      byte[] arena = out.arena();
      System.arraycopy(packet, pos, arena, at + FragmentHeader.SIZE, size);
      Fragmenter.finishFragment(arena, at, kid, i, count, type, counter, hk);
      out.datagram(to, at, FragmentHeader.SIZE + size);
      pos += size;
    }
  }

  /** Counts a drop and queues its event. */
  void drop(DropReason reason, PeerAddress from, EngineSession s) {
    drops.count(reason);
    Outbox.current().event(new ZsspEvent.Dropped(reason, from, s));
  }

  /** An application callback or the sender threw: counted, the rest of the call goes on. */
  void countCallbackFailure() {
    drops.count(DropReason.INTERNAL_ERROR);
  }

  // ---------------------------------------------------------------- for tests

  /** How many times {@code service()} has visited a session (to show it visits only due ones). */
  long sessionsServiced() {
    return sessionsServiced.sum();
  }

  int halfOpenCount() {
    return halfOpen.size();
  }

  int helloCacheSize() {
    synchronized (helloCache) {
      return helloCache.size();
    }
  }

  int helloCacheSlots() {
    synchronized (helloCache) {
      return helloCache.slots();
    }
  }
}
