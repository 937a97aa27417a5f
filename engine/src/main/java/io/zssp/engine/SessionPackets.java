package io.zssp.engine;

import io.zssp.api.DropReason;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspEvent;
import io.zssp.api.ZsspEvent.CloseReason;
import io.zssp.crypto.Aes256Gcm;
import io.zssp.wire.KeySet;
import io.zssp.wire.PacketType;

/**
 * The acceptance rules of ZSSP-SPEC §11.5 for packets addressed to a session, after reassembly, in
 * the order size → kid → state → AEAD → anti-replay UPDATE → transition: X2 (handed to {@link
 * InitiatorHandshake}), C1, C2, D and P here, K1/K2 through {@link Rekey}. Runs under the session's
 * lock. A packet is {@code packet[off, off+len)}; {@code header} holds its (unprotected) fragment
 * header, whose packet nonce completes the GCM nonce.
 */
final class SessionPackets {
  private static final int CONTROL_SIZE = 16;

  private SessionPackets() {}

  /** One assembled packet for {@code s}, received on recv kid {@code kid}. */
  static void onPacket(
      EngineSession s,
      int kid,
      int type,
      long counter,
      byte[] header,
      byte[] packet,
      int off,
      int len,
      long now) {
    EngineContext ctx = s.context;
    if (type == PacketType.X2) {
      InitiatorHandshake.onX2(
          s, java.util.Arrays.copyOfRange(packet, off, off + len), counter, now);
      return;
    }
    KeySet set =
        s.current != null && s.current.recvKid == kid
            ? s.current
            : s.other != null && s.other.recvKid == kid ? s.other : null;
    if (set == null) {
      ctx.drop(DropReason.UNKNOWN_KEY_ID, s.remoteAddress, s);
      return;
    }
    switch (type) {
      case PacketType.C1:
        onC1(s, set, counter, header, packet, off, len, now);
        break;
      case PacketType.C2:
        onC2(s, set, counter, header, packet, off, len, now);
        break;
      case PacketType.D:
        onD(s, set, counter, header, packet, off, len);
        break;
      case PacketType.P:
        onData(s, set, counter, header, packet, off, len);
        break;
      case PacketType.K1:
      case PacketType.K2:
        Rekey.onPacket(s, set, type, counter, header, packet, off, len, now);
        break;
      default:
        ctx.drop(DropReason.INVALID_HEADER_NONCE, s.remoteAddress, s);
    }
  }

  /**
   * Verifies and decrypts under {@code key} into {@code out[outOff…]}, then runs anti-replay
   * UPDATE.
   *
   * @return the plaintext length, or -1 if dropped (and counted)
   */
  static int open(
      EngineSession s,
      Aes256Gcm key,
      long counter,
      byte[] header,
      byte[] packet,
      int off,
      int len,
      byte[] out,
      int outOff) {
    EngineContext ctx = s.context;
    if (key == null) {
      ctx.drop(DropReason.WRONG_STATE, s.remoteAddress, s);
      return -1;
    }
    int n =
        key.open(Outbox.current().nonceFromHeader(header, 0), null, packet, off, len, out, outOff);
    if (n < 0) {
      ctx.drop(DropReason.AUTHENTICATION_FAILED, s.remoteAddress, s);
      return -1;
    }
    if (!s.replay.update(counter)) {
      ctx.drop(DropReason.REPLAYED, s.remoteAddress, s);
      return -1;
    }
    return n;
  }

  private static boolean controlChecks(EngineSession s, int len, boolean stateOk) {
    if (len != CONTROL_SIZE) {
      s.context.drop(DropReason.WRONG_SIZE, s.remoteAddress, s);
      return false;
    }
    if (!stateOk) {
      s.context.drop(DropReason.WRONG_STATE, s.remoteAddress, s);
      return false;
    }
    return true;
  }

  /** Opens a 16-byte control packet (an empty plaintext); false if dropped. */
  private static boolean openControl(
      EngineSession s, KeySet set, long counter, byte[] header, byte[] packet, int off, int len) {
    return open(s, set.kekRecv, counter, header, packet, off, len, packet, off) == 0;
  }

  /** C1: T9 (A3, pending set), T17 (R2, next set) or T18 (answer with C2). */
  private static void onC1(
      EngineSession s,
      KeySet set,
      long counter,
      byte[] header,
      byte[] packet,
      int off,
      int len,
      long now) {
    SessionState st = s.state;
    boolean stateOk =
        st == SessionState.A3
            || st == SessionState.S1
            || st == SessionState.S2
            || st == SessionState.R1
            || st == SessionState.R2;
    if (!controlChecks(s, len, stateOk)
        || !openControl(s, set, counter, header, packet, off, len)) {
      return;
    }
    boolean confirmsNext = set == s.other && s.otherIsNext;
    if (confirmsNext && (st == SessionState.A3 || st == SessionState.R2)) {
      if (s.ratchet.state2() != null && !confirmRatchet(s)) {
        return; // CAS row 3 failed: the session has been expired
      }
      switchKeys(s);
      s.sendControl(PacketType.C2, s.current);
      s.enter(SessionState.S2, now);
      if (st == SessionState.A3) {
        s.x3 = null;
        s.established(now - s.handshakeStartedAt);
        s.emit(new ZsspEvent.SessionEstablished(s, false));
      } else {
        s.rekeyed(s.ratchet.state1().chainLength());
        s.emit(new ZsspEvent.Rekeyed(s, s.ratchet.state1().chainLength()));
      }
    } else if (st != SessionState.A3) {
      s.sendControl(PacketType.C2, s.current); // T18
    }
  }

  /** C2 on the current kid in S1: T11. */
  private static void onC2(
      EngineSession s,
      KeySet set,
      long counter,
      byte[] header,
      byte[] packet,
      int off,
      int len,
      long now) {
    if (!controlChecks(s, len, s.state == SessionState.S1 && set == s.current)
        || !openControl(s, set, counter, header, packet, off, len)) {
      return;
    }
    boolean rekey = s.rekeyInProgress;
    s.rekeyInProgress = false;
    s.enter(SessionState.S2, now);
    if (rekey) {
      s.rekeyed(s.ratchet.state1().chainLength());
      s.emit(new ZsspEvent.Rekeyed(s, s.ratchet.state1().chainLength()));
    }
  }

  /** D on the pending kid in A3: T10. */
  private static void onD(
      EngineSession s, KeySet set, long counter, byte[] header, byte[] packet, int off, int len) {
    boolean stateOk = s.state == SessionState.A3 && set == s.other && s.otherIsNext;
    if (!controlChecks(s, len, stateOk)
        || !openControl(s, set, counter, header, packet, off, len)) {
      return;
    }
    s.emit(new ZsspEvent.SessionRejected(s));
    s.context.closeSession(s, CloseReason.REJECTED_BY_PEER);
  }

  /** P on any key set with an nk_recv, in any state (A3 included): decrypted into the outbox. */
  private static void onData(
      EngineSession s, KeySet set, long counter, byte[] header, byte[] packet, int off, int len) {
    if (len < 16) {
      s.context.drop(DropReason.WRONG_SIZE, s.remoteAddress, s);
      return;
    }
    Outbox out = Outbox.current();
    int at = out.reserve(len - 16);
    int n = open(s, set.nkRecv, counter, header, packet, off, len, out.arena(), at);
    if (n < 0) {
      out.unreserve(at);
      return;
    }
    out.data(s, at, n);
  }

  /** CAS row 3: (state1, state2) → (state1, none). False (and the session expired) on failure. */
  static boolean confirmRatchet(EngineSession s) {
    RatchetPair confirmed = RatchetPair.of(s.ratchet.state1(), null);
    try {
      if (s.context.store.compareAndSwap(s.remoteStaticBytes, s.ratchet, confirmed)) {
        s.ratchet = confirmed;
        return true;
      }
    } catch (RatchetStoreException e) {
      // fall through: expire
    }
    s.context.closeSession(s, CloseReason.RATCHET_STORE_FAILURE);
    return false;
  }

  /** SWITCH (§11.2): next becomes current; the old current becomes previous (receive-only). */
  static void switchKeys(EngineSession s) {
    KeySet previous = s.current;
    s.current = s.other;
    s.current.uses = 0;
    s.other = previous;
    s.otherIsNext = false;
    if (previous != null) {
      previous.destroySendKeys();
    }
  }
}
