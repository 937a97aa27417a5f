package io.zssp.reference;

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
 * The acceptance rules of ZSSP-SPEC §11.5 for packets addressed to a session, after reassembly: the
 * order is exact size → kid → state → AEAD → anti-replay UPDATE → transition. Handles X2 (handed to
 * {@link InitiatorHandshake}), C1, C2, D and P here, and K1/K2 through {@link Rekey}.
 */
final class SessionPackets {
  private static final int CONTROL_SIZE = 16;

  private SessionPackets() {}

  /**
   * One assembled packet for {@code s}, received on recv kid {@code kid} with the header's packet
   * nonce {@code packetNonce} (10 bytes: reserved ‖ type ‖ counter).
   */
  static void onPacket(
      ReferenceSession s,
      int kid,
      int type,
      long counter,
      byte[] packetNonce,
      byte[] packet,
      long now) {
    ReferenceContext ctx = s.context;
    if (type == PacketType.X2) {
      InitiatorHandshake.onX2(s, packet, counter, now);
      return;
    }
    KeySet set =
        s.current != null && s.current.recvKid == kid
            ? s.current
            : s.other != null && s.other.recvKid == kid ? s.other : null;
    if (set == null) {
      ctx.drop(DropReason.UNKNOWN_KEY_ID, s.remoteAddress, s); // retired while reassembling
      return;
    }
    switch (type) {
      case PacketType.C1:
        onC1(s, set, counter, packetNonce, packet, now);
        break;
      case PacketType.C2:
        onC2(s, set, counter, packetNonce, packet, now);
        break;
      case PacketType.D:
        onD(s, set, counter, packetNonce, packet);
        break;
      case PacketType.P:
        onData(s, set, counter, packetNonce, packet);
        break;
      case PacketType.K1:
      case PacketType.K2:
        Rekey.onPacket(s, set, type, counter, packetNonce, packet, now);
        break;
      default:
        ctx.drop(DropReason.INVALID_HEADER_NONCE, s.remoteAddress, s);
    }
  }

  /** Verifies and decrypts under {@code key} into a new array, then runs anti-replay UPDATE. */
  static byte[] open(
      ReferenceSession s, Aes256Gcm key, long counter, byte[] packetNonce, byte[] packet) {
    ReferenceContext ctx = s.context;
    if (key == null) {
      ctx.drop(DropReason.WRONG_STATE, s.remoteAddress, s);
      return null;
    }
    byte[] nonce = new byte[12];
    System.arraycopy(packetNonce, 0, nonce, 2, 10);
    byte[] plaintext = new byte[packet.length - 16];
    if (key.open(nonce, null, packet, 0, packet.length, plaintext, 0) < 0) {
      ctx.drop(DropReason.AUTHENTICATION_FAILED, s.remoteAddress, s);
      return null;
    }
    if (!s.replay.update(counter)) {
      ctx.drop(DropReason.REPLAYED, s.remoteAddress, s);
      return null;
    }
    return plaintext;
  }

  private static boolean controlChecks(ReferenceSession s, byte[] packet, boolean stateOk) {
    if (packet.length != CONTROL_SIZE) {
      s.context.drop(DropReason.WRONG_SIZE, s.remoteAddress, s);
      return false;
    }
    if (!stateOk) {
      s.context.drop(DropReason.WRONG_STATE, s.remoteAddress, s);
      return false;
    }
    return true;
  }

  /** C1: T9 (A3, pending set), T17 (R2, next set) or T18 (answer with C2). */
  private static void onC1(
      ReferenceSession s, KeySet set, long counter, byte[] nonce, byte[] packet, long now) {
    SessionState st = s.state;
    boolean stateOk =
        st == SessionState.A3
            || st == SessionState.S1
            || st == SessionState.S2
            || st == SessionState.R1
            || st == SessionState.R2;
    if (!controlChecks(s, packet, stateOk)
        || open(s, set.kekRecv, counter, nonce, packet) == null) {
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
        s.handshakeMillis = now - s.handshakeStartedAt;
        s.emit(new ZsspEvent.SessionEstablished(s, false));
      } else {
        s.emit(new ZsspEvent.Rekeyed(s, s.ratchet.state1().chainLength()));
      }
    } else if (st != SessionState.A3) {
      s.sendControl(PacketType.C2, s.current); // T18
    }
  }

  /** C2 on the current kid in S1: T11. */
  private static void onC2(
      ReferenceSession s, KeySet set, long counter, byte[] nonce, byte[] packet, long now) {
    if (!controlChecks(s, packet, s.state == SessionState.S1 && set == s.current)
        || open(s, set.kekRecv, counter, nonce, packet) == null) {
      return;
    }
    boolean rekey = s.rekeyInProgress;
    s.rekeyInProgress = false;
    s.enter(SessionState.S2, now);
    if (rekey) {
      s.emit(new ZsspEvent.Rekeyed(s, s.ratchet.state1().chainLength()));
    }
  }

  /** D on the pending kid in A3: T10. */
  private static void onD(
      ReferenceSession s, KeySet set, long counter, byte[] nonce, byte[] packet) {
    boolean stateOk = s.state == SessionState.A3 && set == s.other && s.otherIsNext;
    if (!controlChecks(s, packet, stateOk)
        || open(s, set.kekRecv, counter, nonce, packet) == null) {
      return;
    }
    s.emit(new ZsspEvent.SessionRejected(s));
    s.context.closeSession(s, CloseReason.REJECTED_BY_PEER);
  }

  /** P on any key set with an nk_recv, in any state (A3 included). */
  private static void onData(
      ReferenceSession s, KeySet set, long counter, byte[] nonce, byte[] packet) {
    if (packet.length < 16) {
      s.context.drop(DropReason.WRONG_SIZE, s.remoteAddress, s);
      return;
    }
    byte[] payload = open(s, set.nkRecv, counter, nonce, packet);
    if (payload != null) {
      s.context.config.application().onData(s, payload, 0, payload.length);
    }
  }

  /** CAS row 3: (state1, state2) → (state1, none). False (and the session expired) on failure. */
  static boolean confirmRatchet(ReferenceSession s) {
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
  static void switchKeys(ReferenceSession s) {
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
