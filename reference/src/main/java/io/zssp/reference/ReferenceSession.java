package io.zssp.reference;

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
import io.zssp.wire.KeySet;
import io.zssp.wire.Kid;
import io.zssp.wire.KkRekey;
import io.zssp.wire.Nonces;
import io.zssp.wire.PacketType;
import io.zssp.wire.ReplayWindow;
import io.zssp.wire.XkInitiator;

/**
 * One session ζ of the reference implementation: the per-session data of ZSSP-SPEC §11.1, the
 * sending side (counters, key-use limits, sealing, fragmentation) and the timers. The transitions
 * themselves live in {@link InitiatorHandshake}, {@link ResponderHandshake}, {@link SessionPackets}
 * and {@link Rekey}, named after the whitepaper's phases. Owned by its {@link ReferenceContext};
 * single-threaded like the context.
 */
final class ReferenceSession implements Session {
  final ReferenceContext context;
  final Role role;
  final P384PublicKey remoteStatic;
  final byte[] remoteStaticBytes;
  final int mtu;
  final Object attachment;
  PeerAddress remoteAddress;
  SessionState state;

  Aes256Block hkSend;
  Aes256Block hkRecv;

  /** The key set every send uses; null until Alice's first switch. */
  KeySet current;

  /** Next (pending, being derived) or previous (after a switch, receive-only) key set, or null. */
  KeySet other;

  boolean otherIsNext;
  RatchetPair ratchet;
  long sendCounter;

  /** Anti-replay window; a fresh one per handshake attempt (reset at every τ from A1/A3). */
  ReplayWindow replay = new ReplayWindow();

  final Reassembler reassembler;

  long timeoutAt = Long.MAX_VALUE;
  long resendAt = Long.MAX_VALUE;

  // A1 / A3 (Alice)
  byte[] identity;
  boolean disallowDowngrade;

  /** A1: X1 and the handshake data it created; null from A3 on. */
  XkInitiator.Hello hello;

  byte[] x3;

  /** After an X2 authentication failure: restart at the next resend tick, with backoff (B3). */
  boolean restartOnResend;

  long restartBackoffMillis;
  boolean solvingChallenge;

  // R1 / R2 (rekey)
  /** R1: the KK initiator's K1 data; null otherwise. */
  KkRekey.Offer rekeyOffer;

  /** R1/R2: the inner K1 or K2 bytes, re-sealed on every resend. */
  byte[] rekeyInner;

  /** Set on entering R1 as KK initiator; cleared by the C2 that completes the rekey. */
  boolean rekeyInProgress;

  /** Alice: when open() sent the first X1 (the handshake's start for handshakeMillis). */
  long handshakeStartedAt;

  /** {@link #handshakeMillis()}: set once, at establishment; -1 before. */
  long handshakeMillis = -1;

  ReferenceSession(
      ReferenceContext context,
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
    this.reassembler = context.newSessionReassembler(this);
  }

  @Override
  public Role role() {
    return role;
  }

  @Override
  public SessionState state() {
    synchronized (context) {
      return state;
    }
  }

  @Override
  public P384PublicKey remoteStaticKey() {
    return remoteStatic;
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
    synchronized (context) {
      return handshakeMillis;
    }
  }

  @Override
  public int maxPayloadSize() {
    return ProtocolConstants.maxPayloadSize(mtu);
  }

  @Override
  public void send(byte[] data, int off, int len) throws DataTooLargeException {
    java.util.Objects.checkFromIndexSize(off, len, data.length);
    synchronized (context) {
      if (!state.canSend()) {
        throw new IllegalStateException("cannot send data in state " + state);
      }
      int max = maxPayloadSize();
      if (len > max) {
        throw new DataTooLargeException(len, max); // checked before taking a counter (B22)
      }
      sealAndSend(PacketType.P, current, current.nkSend, data, off, len);
    }
  }

  @Override
  public void close() {
    synchronized (context) {
      context.closeSession(this, CloseReason.CLOSED_BY_APPLICATION);
    }
  }

  /** Sends C1, C2 or D: the tag of an empty plaintext under {@code set}'s kek_send. */
  void sendControl(int type, KeySet set) {
    sealAndSend(type, set, set.kekSend, new byte[0], 0, 0);
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
    byte[] packet = new byte[len + 16];
    key.seal(Nonces.gcm(type, counter), null, pt, off, len, packet, 0);
    sendPacket(packet, set.sendKid, type, counter, hkSend);
    if (set == current
        && state == SessionState.S2
        && set.uses >= context.settings.rekeyAfterKeyUses()) {
      Rekey.start(this); // the use-based trigger, only in S2 (B8)
    }
  }

  /** Fragments and sends an assembled packet to this session's peer. */
  void sendPacket(byte[] packet, int kid, int type, long counter, Aes256Block hk) {
    context.sendPacket(remoteAddress, packet, Kid.bytes(kid), type, counter, mtu, hk);
  }

  /** Sets both timers for a state entered now (§11.4). */
  void enter(SessionState next, long now) {
    state = next;
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

  /** One service tick: the timeout transition if due, else a resend if due. */
  void service(long now) {
    if (state == SessionState.CLOSED) {
      return;
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
          } else {
            sendPacket(hello.packet, 0, PacketType.X1, hello.headerCounter, null);
          }
          break;
        case A3:
          sendPacket(x3, other.sendKid, PacketType.X3, 0, hkSend);
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

  /** The earliest time this session's timers want service. */
  long nextDeadline() {
    return state == SessionState.CLOSED ? Long.MAX_VALUE : Math.min(timeoutAt, resendAt);
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

  /** Releases every key and secret (on expiry). Kids are unregistered by the context. */
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
    state = SessionState.CLOSED;
    timeoutAt = Long.MAX_VALUE;
    resendAt = Long.MAX_VALUE;
  }

  void emit(ZsspEvent event) {
    context.emit(event);
  }

  @Override
  public String toString() {
    return "Session[" + role + ", " + state + ", peer=" + remoteAddress + "]";
  }
}
