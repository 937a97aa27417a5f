package io.zssp.reference;

import io.zssp.api.DropReason;
import io.zssp.api.ProtocolConstants;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Role;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspEvent.CloseReason;
import io.zssp.wire.KeySet;
import io.zssp.wire.KkRekey;
import io.zssp.wire.NewKeys;
import io.zssp.wire.PacketType;
import io.zssp.wire.SymmetricState;

/**
 * The Noise KKpsk0 rekey, exactly as the canonical implementation does it (ZSSP-SPEC §8.5),
 * including the message-2 "se" step that repeats the es secret (B0: copied on purpose, it is on the
 * wire). K1 and K2 are double encrypted: the 69-byte Noise message inside AEAD under the current
 * kek. Transitions T13 (S2 → R1), T14 (→ R2), T16 (R1 → S1) and T19 (failure → expire).
 */
final class Rekey {
  private Rekey() {}

  /** T13: retire the previous set, prepare the next recv kid, send K1, enter R1. */
  static void start(ReferenceSession s) {
    ReferenceContext ctx = s.context;
    long now = ctx.now();
    retireOther(s);
    int newKidI = ctx.newKid();
    ctx.registerKid(newKidI, s);
    s.other = new KeySet(newKidI);
    s.otherIsNext = true;
    byte[] rk = s.ratchet.state1().key();
    KkRekey.Offer offer =
        KkRekey.writeK1(
            ctx.crypto, ctx.config.staticKey(), s.remoteStatic, rk, newKidI, null); // literal
    SymmetricState.wipe(rk);
    s.destroyRekeySecrets();
    s.rekeyOffer = offer;
    s.rekeyInner = offer.inner;
    s.rekeyInProgress = true;
    s.enter(SessionState.R1, now);
    resendK1(s);
  }

  static void resendK1(ReferenceSession s) {
    s.sealAndSend(PacketType.K1, s.current, s.current.kekSend, s.rekeyInner, 0, KkRekey.INNER_SIZE);
  }

  static void resendK2(ReferenceSession s) {
    s.sealAndSend(PacketType.K2, s.current, s.current.kekSend, s.rekeyInner, 0, KkRekey.INNER_SIZE);
  }

  /** K1 or K2 on {@code set}: outer checks, then T14 or T16; inner failures expire (T19). */
  static void onPacket(
      ReferenceSession s,
      KeySet set,
      int type,
      long counter,
      byte[] nonce,
      byte[] packet,
      long now) {
    ReferenceContext ctx = s.context;
    if (packet.length != ProtocolConstants.REKEY_PACKET_SIZE_IN_BYTES) {
      ctx.drop(DropReason.WRONG_SIZE, s.remoteAddress, s);
      return;
    }
    boolean stateOk =
        type == PacketType.K1
            ? s.state == SessionState.S2 || (s.state == SessionState.R1 && s.role == Role.RESPONDER)
            : s.state == SessionState.R1;
    if (set != s.current || !stateOk) {
      ctx.drop(DropReason.WRONG_STATE, s.remoteAddress, s); // includes the T15 tie-break
      return;
    }
    byte[] inner = SessionPackets.open(s, set.kekRecv, counter, nonce, packet);
    if (inner == null) {
      return;
    }
    CloseReason failure = type == PacketType.K1 ? respond(s, inner, now) : complete(s, inner, now);
    if (failure != null) {
      ctx.closeSession(s, failure);
    }
  }

  /** T14: process K1 as KK responder, send K2, enter R2. Null, or why the session expires (T19). */
  private static CloseReason respond(ReferenceSession s, byte[] inner, long now) {
    ReferenceContext ctx = s.context;
    retireOther(s); // T14 replaces the other set; on failure the session expires anyway (T19)
    byte[] rk = s.ratchet.state1().key();
    KkRekey.Answer answer =
        KkRekey.readK1WriteK2(
            ctx.crypto, ctx.config.staticKey(), s.remoteStatic, rk, inner, ctx::newKid, null);
    SymmetricState.wipe(rk);
    if (answer == null) {
      return CloseReason.REKEY_FAILED;
    }
    KeySet next = new KeySet(answer.newKidR);
    if (!derive(s, answer.state, next, answer.newKidI, /* initiator= */ false, true)) {
      return CloseReason.RATCHET_STORE_FAILURE; // CAS row 4
    }
    ctx.registerKid(answer.newKidR, s);
    s.other = next;
    s.otherIsNext = true;
    s.rekeyInner = answer.inner;
    s.rekeyInProgress = false;
    s.destroyRekeySecrets();
    s.enter(SessionState.R2, now);
    resendK2(s); // under the current (old) kek, to the old remote kid
    return null;
  }

  /**
   * T16: process K2 as KK initiator, SWITCH, send C1 under the new keys, enter S1. Null, or why the
   * session expires (T19).
   */
  private static CloseReason complete(ReferenceSession s, byte[] inner, long now) {
    ReferenceContext ctx = s.context;
    KkRekey.Offer offer = s.rekeyOffer;
    int newKidR = KkRekey.readK2(ctx.crypto, offer, s.remoteStatic, inner);
    if (newKidR == 0) {
      return CloseReason.REKEY_FAILED;
    }
    s.rekeyOffer = null; // its state is consumed by the derivation
    offer.ephemeral.destroy();
    if (!derive(s, offer.state, s.other, newKidR, true, false)) {
      return CloseReason.RATCHET_STORE_FAILURE; // CAS row 5
    }
    SessionPackets.switchKeys(s);
    s.enter(SessionState.S1, now);
    s.sendControl(PacketType.C1, s.current);
    return null;
  }

  /**
   * ASKR, ASKK and Split of {@code sym}; persists the new ratchet (CAS row 4: (N, state1) for the
   * responder, row 5: (N, none) for the initiator) and completes {@code next}. False if the store
   * refused.
   */
  private static boolean derive(
      ReferenceSession s,
      SymmetricState sym,
      KeySet next,
      int sendKid,
      boolean initiator,
      boolean keepOld) {
    NewKeys keys = NewKeys.derive(sym, s.ratchet.state1().chainLength());
    try {
      RatchetPair replacement = RatchetPair.of(keys.ratchet, keepOld ? s.ratchet.state1() : null);
      try {
        if (!s.context.store.compareAndSwap(s.remoteStaticBytes, s.ratchet, replacement)) {
          return false;
        }
      } catch (RatchetStoreException e) {
        return false;
      }
      next.complete(s.context.crypto.aes256(), sendKid, keys, initiator);
      s.ratchet = replacement;
      return true;
    } finally {
      keys.wipe();
    }
  }

  /** Retires the other key set (previous or an abandoned next): unregister and zeroize. */
  private static void retireOther(ReferenceSession s) {
    if (s.other != null) {
      s.context.unregisterKid(s.other.recvKid);
      s.other.destroy();
      s.other = null;
    }
  }
}
