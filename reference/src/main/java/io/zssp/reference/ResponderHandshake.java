package io.zssp.reference;

import io.zssp.api.AcceptDecision;
import io.zssp.api.DropReason;
import io.zssp.api.PeerAddress;
import io.zssp.api.ProtocolConstants;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Role;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspEvent;
import io.zssp.crypto.ConstantTime;
import io.zssp.wire.KeySet;
import io.zssp.wire.Kid;
import io.zssp.wire.NewKeys;
import io.zssp.wire.PacketType;
import io.zssp.wire.SymmetricState;
import io.zssp.wire.XkInitiator;
import io.zssp.wire.XkResponder;
import java.util.Arrays;

/**
 * Bob's side of the Noise XK handshake: X1 into X2 and a half-open entry (⊥ → B2, ZSSP-SPEC §8.2,
 * with the fingerprint resolution of §9.5 and the challenge of §12.3), and X3 into a session or a
 * rejection (B2 → S1, §8.4, with the security flags of §9.7).
 */
final class ResponderHandshake {
  private ResponderHandshake() {}

  /** T2: an assembled X1 from {@code from} with header counter {@code headerCounter}. */
  static void onX1(
      ReferenceContext ctx, byte[] x1, byte[] headerCounter8, PeerAddress from, long now) {
    if (x1.length != ProtocolConstants.X1_SIZE_IN_BYTES) {
      ctx.drop(DropReason.WRONG_SIZE, from, null);
      return;
    }
    byte[] x1Body =
        Arrays.copyOf(x1, x1.length - ProtocolConstants.CHALLENGE_RESPONSE_SIZE_IN_BYTES);
    HalfOpen answered = ctx.findHalfOpenByX1(x1Body, now);
    if (answered != null) {
      // §14.2 de-duplication: the same X2 again to the same source; a copy from elsewhere is
      // dropped. Never a resend on a counter match alone, nor to another source (reflection).
      if (answered.source.equals(from)) {
        ctx.sendPacket(
            from,
            answered.x2Packet,
            Arrays.copyOf(x1, 4),
            PacketType.X2,
            answered.x2HeaderCounter,
            ctx.config.mtu(),
            answered.hkSend);
      } else {
        ctx.drop(DropReason.DUPLICATE_HELLO, from, null);
      }
      return;
    }
    ctx.load.countX1(now);
    if (ctx.challengeInForce()
        && !ctx.zcp.checkAndConsume(x1, XkInitiator.X1_NOISE_SIZE, from, now)) {
      byte[] challenge =
          ctx.zcp.issue(Arrays.copyOf(x1, 4), x1, XkInitiator.X1_POW_OFFSET, from, now);
      long counter = ctx.crypto.random().nextLong();
      ctx.sendPacket(
          from, challenge, new byte[4], PacketType.CHALLENGE, counter, ctx.config.mtu(), null);
      ctx.drop(DropReason.CHALLENGE_ISSUED, from, null);
      ctx.emit(new ZsspEvent.ChallengeIssued(from));
      return;
    }
    DropReason bad = XkResponder.precheckX1(x1, headerCounter8, 0);
    if (bad != null) {
      ctx.drop(bad, from, null);
      return;
    }
    ctx.responderHandshakeStarted(); // the public-key work begins
    XkResponder.Hello hello =
        XkResponder.readX1(ctx.crypto, ctx.config.staticKey(), ctx.staticPublic, x1);
    if (hello.failure != null) {
      ctx.responderHandshakeFailed();
      ctx.drop(hello.failure, from, null);
      return;
    }
    RatchetState psk = resolvePsk(ctx, hello.fingerprints, from);
    if (psk == null) {
      ctx.responderHandshakeFailed();
      hello.state.destroy();
      return; // dropped (π1 or storage error), already counted
    }
    byte[] rf1 = Arrays.copyOf(hello.fingerprints, 32);
    if (!ConstantTime.isZero(rf1, 0, 32) && !psk.isZero() && !psk.hasFingerprint(rf1)) {
      ctx.closeRekeysAbandonedBy(psk); // fork fix, rule 4: psk came from rf2, rf1 is unknown
    }
    XkResponder.Response x2 = XkResponder.writeX2(ctx.crypto, hello, psk, ctx::newKid);
    HalfOpen b2 =
        new HalfOpen(
            x2.state,
            x2.ephemeral,
            Kid.read(x1, 0),
            x2.kidB,
            x2.hkSend,
            x2.hkRecv,
            psk,
            from,
            now,
            ctx.newX3Reassembler(from),
            x1Body,
            x2.packet,
            x2.headerCounter,
            rf1,
            ctx.nextHalfOpenSeq());
    ctx.addHalfOpen(b2);
    ctx.sendPacket(
        from,
        x2.packet,
        Arrays.copyOf(x1, 4),
        PacketType.X2,
        x2.headerCounter,
        ctx.config.mtu(),
        b2.hkSend);
  }

  /** §9.5: rf1, then rf2 (fixing B1), then the zero ratchet unless π1. Null means dropped. */
  private static RatchetState resolvePsk(ReferenceContext ctx, byte[] fps, PeerAddress from) {
    RatchetState found;
    try {
      found = XkResponder.findPsk(ctx.store, fps);
    } catch (RatchetStoreException e) {
      ctx.drop(DropReason.RATCHET_STORE, from, null);
      return null;
    }
    if (found != null) {
      return found;
    }
    if (ctx.config.application().helloRequiresRecognizedRatchet(from)) {
      ctx.drop(DropReason.UNRECOGNIZED_RATCHET, from, null);
      return null;
    }
    return RatchetState.ZERO;
  }

  /** T6/T7/T8: the assembled X3 of a claimed half-open entry. */
  static void onX3(ReferenceContext ctx, HalfOpen b2, byte[] x3, PeerAddress from, long now) {
    if (!XkResponder.x3SizeOk(x3.length)) {
      ctx.drop(DropReason.WRONG_SIZE, from, null); // the entry stays: a good X3 may follow
      return;
    }
    ctx.removeHalfOpen(b2); // claimed exactly once
    boolean release = false;
    XkResponder.Completion x = XkResponder.readX3(ctx.crypto, b2.symmetric, b2.ephemeral, x3);
    if (x.failure != null) {
      ctx.drop(x.failure, from, null);
      ctx.endHalfOpen(b2); // the handshake failed
      return;
    }
    SymmetricState sym = x.state;
    try {
      if (ctx.isStaleHalfOpen(x.remoteStaticBytes, b2)) {
        // fork fix, rule 3: a straggler of an attempt the peer abandoned before the accepted one;
        // dropped before Accept, so it neither rolls the ratchet back nor closes the live session
        ctx.drop(DropReason.LATE_HANDSHAKE_RESEND, from, null);
        return;
      }
      AcceptDecision decision =
          ctx.config.application().acceptSession(x.remoteStatic, x.identity.clone(), from);
      if (!decision.isAccepted()) {
        reject(ctx, b2, sym, decision.silentReject(), from);
        return;
      }
      RatchetPair stored = ctx.store.load(x.remoteStaticBytes);
      boolean downgraded = false;
      if (!stored.containsFingerprint(b2.psk.fingerprint())) {
        if (!decision.disallowDowngrade() && b2.psk.isZero()) {
          downgraded = true; // NewDowngradedSession
        } else {
          reject(ctx, b2, sym, decision.silentReject(), from);
          return;
        }
      }
      NewKeys keys = NewKeys.derive(sym, b2.psk.chainLength());
      try {
        // CAS row 2: (N, none); fork fix, rule 2: (N, psk) while a newer B2 whose X1 named N as
        // rf1 was resolved to psk (the peer gave N up before we learnt it and is using psk)
        boolean keep = ctx.hasSuccessorHalfOpen(keys.ratchet.fingerprint(), b2.psk);
        RatchetPair replacement = RatchetPair.of(keys.ratchet, keep ? b2.psk : null);
        if (!ctx.store.compareAndSwap(x.remoteStaticBytes, stored, replacement)) {
          ctx.drop(DropReason.RATCHET_STORE, from, null); // CAS row 2 conflict: discard
          return;
        }
        ctx.halfOpenAccepted(x.remoteStaticBytes, b2, now);
        ReferenceSession s =
            new ReferenceSession(
                ctx, Role.RESPONDER, x.remoteStatic, from, ctx.config.mtu(), decision.attachment());
        s.hkSend = b2.hkSend;
        s.hkRecv = b2.hkRecv;
        b2.hkSend = null;
        b2.hkRecv = null;
        s.current = new KeySet(b2.kidB);
        s.current.complete(ctx.crypto.aes256(), b2.kidA, keys, /* initiator= */ false);
        s.ratchet = replacement;
        ctx.addSession(s);
        ctx.registerKid(b2.kidB, s);
        s.enter(SessionState.S1, now);
        s.sendControl(PacketType.C1, s.current); // counter 0; the session continues at 1
        b2.established = true;
        s.handshakeMillis = now - b2.createdAt; // createdAt: when its X1 was received
        s.emit(new ZsspEvent.SessionEstablished(s, downgraded));
      } finally {
        keys.wipe();
      }
    } catch (RatchetStoreException e) {
      ctx.drop(DropReason.RATCHET_STORE, from, null);
      release = true; // transient: a resent X3 may retry (B12)
    } finally {
      sym.destroy();
      if (release) {
        ctx.readdHalfOpen(b2);
      } else {
        ctx.endHalfOpen(b2); // completed if established, else failed
      }
    }
  }

  /** T7: D to kid_A unless π4; the entry is discarded. */
  private static void reject(
      ReferenceContext ctx, HalfOpen b2, SymmetricState sym, boolean silent, PeerAddress from) {
    if (!silent) {
      byte[] d = XkResponder.writeD(ctx.crypto, sym);
      ctx.sendPacket(from, d, Kid.bytes(b2.kidA), PacketType.D, 0, ctx.config.mtu(), b2.hkSend);
    }
  }
}
