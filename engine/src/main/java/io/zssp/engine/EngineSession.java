package io.zssp.engine;

import io.zssp.api.DataTooLargeException;
import io.zssp.api.PeerAddress;
import io.zssp.api.ProtocolConstants;
import io.zssp.api.RatchetPair;
import io.zssp.api.Role;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspEvent;
import io.zssp.api.ZsspEvent.CloseReason;
import io.zssp.crypto.Aes256Block;
import io.zssp.crypto.Aes256Gcm;
import io.zssp.crypto.P384PublicKey;
import io.zssp.wire.FragmentHeader;
import io.zssp.wire.Fragmenter;
import io.zssp.wire.KeySet;
import io.zssp.wire.KkRekey;
import io.zssp.wire.PacketType;
import io.zssp.wire.XkInitiator;
import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One session ζ of the engine: the per-session data of ZSSP-SPEC §11.1, its sending side and its
 * timers. The transitions live in {@link InitiatorHandshake}, {@link ResponderHandshake}, {@link
 * SessionPackets} and {@link Rekey}, named as in the whitepaper and as in the reference.
 *
 * <p><b>Threads.</b> Every field below is read and written under {@link #lock} only, except {@link
 * #state} (volatile: {@link #state()} reads it without the lock) and the timer membership (owned by
 * the {@link TimerWheel}). The lock is this session's alone: no other session ever waits for it. It
 * is held during this session's own crypto (including a rekey's P-384 work) and its ratchet-store
 * calls, but never while the application is called: events, payloads and datagrams go to the
 * thread's {@link Outbox}, which is flushed after the lock is released.
 */
final class EngineSession extends TimerWheel.Member implements Session {
  final EngineContext context;
  final Role role;
  final byte[] remoteStaticBytes;

  /**
   * The peer's decoded static key (≈ 420 bytes with the default provider), a cache: dropped with
   * the cipher contexts when the session goes idle and decoded again from {@link
   * #remoteStaticBytes} on the next use. Written under the lock; read without it by {@link
   * #remoteStaticKey()} (a racy read of an immutable key is harmless: the worst case is one extra
   * decode).
   */
  private P384PublicKey remoteStatic;

  final int mtu;
  final Object attachment;
  final ReentrantLock lock = new ReentrantLock();
  final PeerAddress remoteAddress;
  volatile SessionState state;

  Aes256Block hkSend;
  Aes256Block hkRecv;

  /** The key set every send uses; null until Alice's first switch. */
  KeySet current;

  /** Next (pending, being derived) or previous (after a switch, receive-only) key set, or null. */
  KeySet other;

  boolean otherIsNext;
  RatchetPair ratchet;
  long sendCounter;

  /**
   * Anti-replay window (§10.2); a fresh one per handshake attempt (reset at every τ from A1/A3).
   */
  CompactReplayWindow replay = new CompactReplayWindow();

  /**
   * Partial multi-fragment packets: created on the first fragment, kept (empty, holding no buffer)
   * while fragments keep arriving so a busy session allocates nothing per packet, and dropped at
   * the idle check ({@link #cipherCheckAt}) once empty and unused since the last one.
   */
  Reassembly fragments;

  /** Whether {@link #fragments} took a fragment since the last idle check. */
  boolean fragmentsUsed;

  long timeoutAt = Long.MAX_VALUE;
  long resendAt = Long.MAX_VALUE;

  /**
   * When to look whether this session's AES contexts and its reassembly were used since the last
   * look (and release them if not, {@link LeanAes}); {@code Long.MAX_VALUE} while it holds none.
   */
  long cipherCheckAt = Long.MAX_VALUE;

  // A1 / A3 (Alice)
  byte[] identity;
  boolean disallowDowngrade;

  /** A1: X1 and the handshake data it created; null from A3 on. */
  XkInitiator.Hello hello;

  byte[] x3;

  /** After an X2 authentication failure: restart at the next resend tick, with backoff (B3). */
  boolean restartOnResend;

  long restartBackoffMillis;

  /** A PoW for this session's X1 is being solved (outside the lock) by some thread. */
  boolean solvingChallenge;

  // R1 / R2 (rekey)
  /** R1: the KK initiator's K1 data; null otherwise. */
  KkRekey.Offer rekeyOffer;

  /** R1/R2: the inner K1 or K2 bytes, re-sealed on every resend. */
  byte[] rekeyInner;

  /** A responder session holding a place of the context's {@link SessionQuota}. */
  boolean holdsQuotaPlace;

  /** Set on entering R1 as KK initiator; cleared by the C2 that completes the rekey. */
  boolean rekeyInProgress;

  /** ss = DH(s, S) of this pair of peers, the same for every rekey: computed once, then reused. */
  private byte[] staticShared;

  /** Alice: when open() sent the first X1 (the start of {@link #handshakeMillis()}). */
  long handshakeStartedAt;

  /** {@link #handshakeMillis()}: written once, under the lock, at establishment; -1 before. */
  private volatile long handshakeMillis = -1;

  /**
   * The JFR event of the handshake or rekey in progress, begun only while Flight Recorder records
   * it ({@link EngineJfrEvents}); null otherwise, which is always when JFR is off.
   */
  jdk.jfr.Event jfr;

  EngineSession(
      EngineContext context,
      Role role,
      P384PublicKey remoteStatic,
      PeerAddress remoteAddress,
      int mtu,
      Object attachment) {
    this.context = context;
    this.role = role;
    this.remoteStatic = remoteStatic;
    this.remoteStaticBytes = remoteStatic.encoded();
    this.remoteAddress = remoteAddress;
    this.mtu = mtu;
    this.attachment = attachment;
  }

  @Override
  public Role role() {
    return role;
  }

  @Override
  public SessionState state() {
    return state;
  }

  /**
   * The peer's static key. On an idle session (no traffic for {@link
   * EngineLimits#idleCipherReleaseMillis()}) this decodes it again (tens of microseconds with the
   * default provider); while the session is active it is cached.
   */
  @Override
  public P384PublicKey remoteStaticKey() {
    P384PublicKey k = remoteStatic;
    if (k == null) {
      try {
        k = context.config.crypto().p384().decodePublicKey(remoteStaticBytes);
      } catch (InvalidKeyException e) {
        throw new IllegalStateException("a validated P-384 key no longer decodes", e);
      }
      remoteStatic = k;
    }
    return k;
  }

  @Override
  public PeerAddress remoteAddress() {
    return remoteAddress;
  }

  @Override
  public Object attachment() {
    return attachment;
  }

  @Override
  public long handshakeMillis() {
    return handshakeMillis;
  }

  /** The session is established {@code millis} after its handshake started (under the lock). */
  void established(long millis) {
    handshakeMillis = millis;
    context.counters.handshakesCompleted.increment();
    if (jfr instanceof EngineJfrEvents.Handshake) {
      EngineJfrEvents.Handshake e = (EngineJfrEvents.Handshake) jfr;
      jfr = null;
      EngineJfrEvents.endHandshake(e, role, remoteAddress, true, false, millis, null);
    }
  }

  /** A rekey starts (T13 as KK initiator, T14 as responder): its JFR event, if recorded. */
  void rekeyBegins(boolean kkInitiator) {
    if (!(jfr instanceof EngineJfrEvents.Rekey)) { // a T15 tie-break keeps the first one
      jfr = EngineJfrEvents.beginRekey(kkInitiator);
    }
  }

  /** A rekey completed (Rekeyed): counted, and its JFR event committed. */
  void rekeyed(long chainLength) {
    context.counters.rekeys.increment();
    if (jfr instanceof EngineJfrEvents.Rekey) {
      EngineJfrEvents.Rekey e = (EngineJfrEvents.Rekey) jfr;
      jfr = null;
      EngineJfrEvents.endRekey(e, remoteAddress, true, chainLength);
    }
  }

  /** The session closes (under the lock, before its keys go): a pending JFR event failed. */
  void jfrClosing(CloseReason reason, long now) {
    jdk.jfr.Event e = jfr;
    jfr = null;
    if (e instanceof EngineJfrEvents.Handshake) {
      EngineJfrEvents.endHandshake(
          (EngineJfrEvents.Handshake) e,
          role,
          remoteAddress,
          false,
          false,
          now - handshakeStartedAt,
          reason);
    } else if (e instanceof EngineJfrEvents.Rekey) {
      EngineJfrEvents.endRekey(
          (EngineJfrEvents.Rekey) e,
          remoteAddress,
          false,
          ratchet == null ? 0 : ratchet.state1().chainLength());
    }
    EngineJfrEvents.sessionClosed(role, state, remoteAddress, reason);
  }

  /** Every state change goes through here, so the context's count of sessions by state follows. */
  void setState(SessionState next) {
    SessionState previous = state;
    state = next;
    context.counters.moved(previous, next);
  }

  @Override
  public int maxPayloadSize() {
    return ProtocolConstants.maxPayloadSize(mtu);
  }

  @Override
  public void send(byte[] data, int off, int len) throws DataTooLargeException {
    Objects.checkFromIndexSize(off, len, data.length);
    Outbox out = Outbox.enter(context);
    try {
      lock();
      try {
        checkSendable(len);
        sealAndSend(PacketType.P, current, current.nkSend, data, off, len);
      } finally {
        unlock();
      }
    } finally {
      out.exit();
    }
  }

  /**
   * A heap buffer is sealed straight from its array. A direct buffer is copied once into a
   * per-thread scratch array (no allocation), which the AEAD then reads.
   */
  @Override
  public void send(ByteBuffer data) throws DataTooLargeException {
    if (data.hasArray()) {
      Session.super.send(data);
      return;
    }
    int len = data.remaining();
    Outbox out = Outbox.enter(context);
    try {
      lock();
      try {
        checkSendable(len);
        byte[] pt = out.payloadBuffer(len);
        data.get(data.position(), pt, 0, len);
        sealAndSend(PacketType.P, current, current.nkSend, pt, 0, len);
      } finally {
        unlock();
      }
    } finally {
      out.exit();
    }
    data.position(data.limit());
  }

  private void checkSendable(int len) throws DataTooLargeException {
    SessionState st = state;
    if (!st.canSend()) {
      throw new IllegalStateException("cannot send data in state " + st);
    }
    int max = maxPayloadSize();
    if (len > max) {
      throw new DataTooLargeException(len, max); // checked before taking a counter (B22)
    }
  }

  @Override
  public void close() {
    Outbox out = Outbox.enter(context);
    try {
      lock();
      try {
        context.closeSession(this, CloseReason.CLOSED_BY_APPLICATION);
      } finally {
        unlock();
      }
    } finally {
      out.exit();
    }
  }

  void lock() {
    lock.lock();
  }

  /**
   * Releases the lock after bringing the timer wheel up to date: a closed session leaves it, an
   * earlier deadline moves it forward. A later deadline is left for {@code service()} to find (one
   * spurious visit), so the data path never takes the timer lock.
   */
  void unlock() {
    try {
      if (cipherCheckAt == Long.MAX_VALUE
          && state != SessionState.CLOSED
          && (fragments != null || LeanAes.anyLive(hkSend, hkRecv, current, other))) {
        cipherCheckAt = context.now() + context.limits.idleCipherReleaseMillis();
      }
      long d = nextDeadline();
      if (d < timerDeadline || (d == Long.MAX_VALUE && isScheduled())) {
        context.timers.schedule(this, d);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@code kid} is a recv kid of this session now. */
  boolean hasRecvKid(int kid) {
    return (current != null && current.recvKid == kid) || (other != null && other.recvKid == kid);
  }

  /** Sends C1, C2 or D: the tag of an empty plaintext under {@code set}'s kek_send. */
  void sendControl(int type, KeySet set) {
    sealAndSend(type, set, set.kekSend, null, 0, 0);
  }

  /**
   * Takes the next counter, enforces the key-use limits (§10.3), seals under {@code key} and sends
   * the packet to {@code set}'s send kid with header protection.
   */
  void sealAndSend(int type, KeySet set, Aes256Gcm key, byte[] pt, int off, int len) {
    if (set.uses >= ProtocolConstants.EXPIRE_AFTER_KEY_USES || sendCounter == -1L) {
      context.closeSession(this, CloseReason.KEY_EXHAUSTED);
      return;
    }
    long counter = sendCounter++;
    set.uses++;
    Outbox out = Outbox.current();
    int packetLen = len + 16;
    if (Fragmenter.fragmentCount(packetLen, mtu) == 1) {
      // One fragment: the AEAD writes straight into the datagram, the only copy of the payload.
      int at = out.reserve(FragmentHeader.SIZE + packetLen);
      byte[] d = out.arena();
      byte[] nonce = out.nonce(type, counter);
      key.seal(nonce, null, pt == null ? d : pt, off, len, d, at + FragmentHeader.SIZE);
      Fragmenter.finishFragment(d, at, set.sendKid, 0, 1, type, counter, hkSend);
      out.datagram(remoteAddress, at, FragmentHeader.SIZE + packetLen);
    } else {
      byte[] packet = out.sealBuffer(packetLen);
      key.seal(out.nonce(type, counter), null, pt == null ? packet : pt, off, len, packet, 0);
      sendPacket(packet, packetLen, set.sendKid, type, counter, hkSend);
    }
    if (set == current
        && state == SessionState.S2
        && set.uses >= context.settings.rekeyAfterKeyUses()) {
      Rekey.start(this); // the use-based trigger, only in S2 and under this lock (B8)
    }
  }

  /** Fragments and queues an assembled packet to this session's peer. */
  void sendPacket(byte[] packet, int len, int kid, int type, long counter, Aes256Block hk) {
    context.sendPacket(remoteAddress, packet, len, kid, type, counter, mtu, hk);
  }

  /** ss for a rekey ({@link KkRekey#staticShared}); computed on the first rekey. Under the lock. */
  byte[] staticShared() {
    if (staticShared == null) {
      staticShared =
          KkRekey.staticShared(context.crypto, context.config.staticKey(), remoteStaticKey());
    }
    return staticShared;
  }

  /** Sets both timers for a state entered now (§11.4). */
  void enter(SessionState next, long now) {
    setState(next);
    long resend = now + context.settings.resendMillis();
    switch (next) {
      case A1:
      case A3:
        timeoutAt = now + context.settings.initialOfferTimeoutMillis();
        resendAt = resend;
        break;
      case S1:
      case R1:
      case R2:
        timeoutAt = now + context.settings.rekeyTimeoutMillis();
        resendAt = resend;
        break;
      case S2:
        long jitter =
            Long.remainderUnsigned(
                context.crypto.random().nextLong(), context.settings.rekeyMaxJitterMillis());
        timeoutAt = now + context.settings.rekeyAfterMillis() - jitter;
        resendAt = Long.MAX_VALUE;
        restartBackoffMillis = 0;
        break;
      default:
        timeoutAt = Long.MAX_VALUE;
        resendAt = Long.MAX_VALUE;
    }
  }

  /** One timer tick: partial packets expire; then the timeout transition if due, else a resend. */
  void service(long now) {
    if (state == SessionState.CLOSED) {
      return;
    }
    if (fragments != null) {
      fragments.expire(now);
    }
    if (cipherCheckAt <= now) {
      boolean ciphersLive = LeanAes.releaseUnused(hkSend, hkRecv, current, other);
      if (!ciphersLive) {
        remoteStatic = null; // idle: decoded again on the next use
      }
      boolean fragmentsLive = releaseFragmentsIfIdle();
      cipherCheckAt =
          ciphersLive || fragmentsLive
              ? now + context.limits.idleCipherReleaseMillis()
              : Long.MAX_VALUE;
    }
    if (timeoutAt <= now) {
      switch (state) {
        case A1:
        case A3:
          InitiatorHandshake.restart(this, now);
          break;
        case S2:
          Rekey.start(this);
          break;
        default:
          context.closeSession(this, CloseReason.TIMED_OUT);
      }
    } else if (resendAt <= now) {
      resendAt = now + context.settings.resendMillis();
      switch (state) {
        case A1:
          if (restartOnResend) {
            InitiatorHandshake.restart(this, now);
          } else if (hello != null) {
            sendPacket(
                hello.packet, hello.packet.length, 0, PacketType.X1, hello.headerCounter, null);
          }
          break;
        case A3:
          sendPacket(x3, x3.length, other.sendKid, PacketType.X3, 0, hkSend);
          break;
        case S1:
          sendControl(PacketType.C1, current);
          break;
        case R1:
          Rekey.resendK1(this);
          break;
        case R2:
          Rekey.resendK2(this);
          break;
        default:
          break;
      }
    }
  }

  /** The earliest time this session wants service (timers and partial-packet expiry). */
  long nextDeadline() {
    if (state == SessionState.CLOSED) {
      return Long.MAX_VALUE;
    }
    long d = Math.min(Math.min(timeoutAt, resendAt), cipherCheckAt);
    return fragments == null ? d : Math.min(d, fragments.nextExpiry());
  }

  /**
   * Drops the reassembly if it holds nothing and took no fragment since the last idle check.
   *
   * @return whether a reassembly is still kept
   */
  private boolean releaseFragmentsIfIdle() {
    if (fragments == null) {
      return false;
    }
    if (fragments.size() == 0 && !fragmentsUsed) {
      fragments.clear();
      fragments = null;
      return false;
    }
    fragmentsUsed = false;
    return true;
  }

  /** Wipes handshake-phase secrets (after X2, on restart and on expiry). */
  void destroyHandshakeSecrets() {
    if (hello != null) {
      hello.destroy();
      hello = null;
    }
    destroyRekeySecrets();
  }

  /** Wipes the KK handshake state and ephemeral. */
  void destroyRekeySecrets() {
    if (rekeyOffer != null) {
      rekeyOffer.destroy();
      rekeyOffer = null;
    }
  }

  /** Releases every key, secret and buffer (on expiry). Kids are released by the context. */
  void destroyAll() {
    destroyHandshakeSecrets();
    if (current != null) {
      current.destroy();
    }
    if (other != null) {
      other.destroy();
    }
    if (hkSend != null) {
      hkSend.destroy();
    }
    if (hkRecv != null) {
      hkRecv.destroy();
    }
    if (fragments != null) {
      fragments.clear();
      fragments = null;
    }
    x3 = null;
    if (staticShared != null) {
      Arrays.fill(staticShared, (byte) 0);
      staticShared = null;
    }
    setState(SessionState.CLOSED);
    timeoutAt = Long.MAX_VALUE;
    resendAt = Long.MAX_VALUE;
    cipherCheckAt = Long.MAX_VALUE;
  }

  void emit(ZsspEvent event) {
    Outbox.current().event(event);
  }

  @Override
  public String toString() {
    return "Session[" + role + ", " + state + ", peer=" + remoteAddress + "]";
  }
}
