package io.zssp.engine;

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
import io.zssp.wire.XkResponder;
import java.util.Arrays;

/**
 * Bob's side of the Noise XK handshake in the engine: X1 into X2 and a half-open entry (⊥ → B2,
 * ZSSP-SPEC §8.2, §9.5, §12.3), and X3 into a session or a rejection (B2 → S1, §8.4, §9.7). The
 * bytes come from {@link XkResponder}. No lock is held during the public-key work or the
 * application and store calls; the half-open entry is claimed exactly once before X3 is processed.
 */
final class ResponderHandshake {
  private ResponderHandshake() {}

  /**
   * De-duplication first (ZSSP-SPEC §14.2), on the assembled X1 where it lies, before anything is
   * copied: a copy of an X1 that is being answered, or that a live half-open entry was created
   * from, is handled here without public-key work (see {@link #answeredAlready}, {@link
   * #beingAnswered}).
   *
   * @return whether {@code buf[off, off+len)} was such a copy (and has been handled)
   */
  static boolean duplicateX1(
      EngineContext ctx, byte[] buf, int off, int len, long x1Nonce, PeerAddress from, long now) {
    return len == ProtocolConstants.X1_SIZE_IN_BYTES
        && (answeredAlready(ctx, buf, off, x1Nonce, from, now)
            || beingAnswered(ctx, buf, off, x1Nonce, from));
  }

  /**
   * T2: an assembled X1 from {@code from} (its own copy, which {@link #duplicateX1} did not claim);
   * {@code headerCounter8} is its header's counter. The checks that need no public key run here, on
   * the receiving thread; the rest ({@link #answerX1}) on the context's handshake workers, or here
   * if it has none.
   */
  static void onX1(
      EngineContext ctx, byte[] x1, byte[] headerCounter8, PeerAddress from, long now) {
    if (x1.length != ProtocolConstants.X1_SIZE_IN_BYTES) {
      ctx.drop(DropReason.WRONG_SIZE, from, null);
      return;
    }
    long x1Nonce = readLong(headerCounter8);
    ctx.load.countX1(now);
    if (ctx.challengeInForce() && !ctx.challengeAnswered(x1, from, now)) {
      byte[] challenge = ctx.issueChallenge(x1, from, now);
      long counter = ctx.crypto.random().nextLong();
      ctx.sendPacket(
          from,
          challenge,
          challenge.length,
          0,
          PacketType.CHALLENGE,
          counter,
          ctx.config.mtu(),
          null);
      ctx.drop(DropReason.CHALLENGE_ISSUED, from, null);
      ctx.counters.challengesIssued.increment();
      EngineJfrEvents.challengeIssued(from);
      Outbox.current().event(new ZsspEvent.ChallengeIssued(from));
      return;
    }
    DropReason bad = XkResponder.precheckX1(x1, headerCounter8, 0);
    if (bad != null) {
      ctx.drop(bad, from, null);
      return;
    }
    HandshakeWorkers.PendingX1 pending = new HandshakeWorkers.PendingX1(x1Nonce, x1, from);
    HandshakeWorkers.PendingX1 other = ctx.workers.claimX1(pending);
    if (other != null) {
      if (other.isCopy(x1, 0)) {
        ctx.drop(DropReason.DUPLICATE_HELLO, from, null); // a concurrent copy won the claim
        return;
      }
      pending = null; // another X1 with the same counter: answered, but not indexed
    }
    HandshakeWorkers.PendingX1 claimed = pending;
    EngineJfrEvents.Handshake jfr = EngineJfrEvents.beginHandshake(); // null unless recorded
    if (!ctx.workers.run(() -> answerX1(ctx, x1, x1Nonce, claimed, from, now, jfr))) {
      if (claimed != null) {
        ctx.workers.releaseX1(claimed);
      }
      ctx.drop(DropReason.HANDSHAKE_QUEUE_FULL, from, null);
    }
  }

  /**
   * T2's public-key work: X2 and the half-open entry B2, then X1 is no longer pending. The
   * responder's handshake starts here (ContextStats); until the entry exists, its failure is
   * counted here, and afterwards when the entry is discarded without a session.
   */
  private static void answerX1(
      EngineContext ctx,
      byte[] x1,
      long x1Nonce,
      HandshakeWorkers.PendingX1 pending,
      PeerAddress from,
      long receivedAt,
      EngineJfrEvents.Handshake jfr) {
    boolean started = false;
    boolean entryMade = false;
    HalfOpen.Origin origin = null;
    Object failure = DropReason.INTERNAL_ERROR; // until a reason is known
    try {
      if (ctx.isClosed()) {
        ctx.drop(DropReason.CONTEXT_CLOSED, from, null); // closed while queued
        return;
      }
      started = true;
      ctx.counters.handshakesStarted.increment();
      XkResponder.Hello hello =
          XkResponder.readX1(ctx.crypto, ctx.config.staticKey(), ctx.staticPublic, x1);
      if (hello.failure != null) {
        failure = hello.failure;
        ctx.drop(hello.failure, from, null);
        return;
      }
      // Fork fix (docs/MODEL.md "Forks"), rule 1: registered before the PSK is resolved (rule 2's
      // race with an X3 on another thread, see HalfOpenTable.announceWrite).
      byte[] rf1 = Arrays.copyOf(hello.fingerprints, 32);
      origin = ctx.halfOpen.register(rf1);
      RatchetState psk = resolvePsk(ctx, hello.fingerprints, from);
      if (psk != null
          && !ConstantTime.isZero(rf1, 0, 32)
          && !psk.isZero()
          && !psk.hasFingerprint(rf1)) {
        // Fork fix, rule 4: psk came from rf2 and rf1 is unknown: the peer gave up the rekey we
        // have pending on psk, if any. That rekey's late K2 may have been written (CAS row 5)
        // between the resolution above and the close, on the session's thread: then rf1 is known
        // now. So resolve again once the R1 sessions are closed, and use the second result: the
        // close takes each R1 session's lock, and a K2 is processed wholly under it, so a K2
        // either finds its session closed or has written the store before we read it again (a
        // session seen out of R1 without its lock left R1 after its write, on a volatile).
        ctx.closeRekeysAbandonedBy(psk);
        psk = resolvePsk(ctx, hello.fingerprints, from);
      }
      if (psk == null) {
        failure = "RATCHET_REFUSED";
        hello.state.destroy();
        return; // dropped (π1 or storage error), already counted
      }
      boolean rf1Unknown = !ConstantTime.isZero(rf1, 0, 32) && !psk.hasFingerprint(rf1);
      if (ctx.halfOpen.resolved(origin, psk, rf1Unknown)) {
        // Fork fix, rule 2, the race with an X3 on another thread (HalfOpenTable.announceWrite):
        // that X3 is storing the very state this X1 names as rf1, and may have decided not to
        // keep psk before this X1 registered. Answered with psk, Alice could complete on a state
        // Bob is dropping; dropped instead, her resend finds rf1 once the write is in.
        failure = DropReason.RATCHET_STORE;
        ctx.drop(DropReason.RATCHET_STORE, from, null);
        hello.state.destroy();
        return;
      }
      XkResponder.Response x2 =
          XkResponder.writeX2(
              ctx.crypto, hello, psk, () -> ctx.kids.allocate(KidRegistry.RESERVED));
      long now = ctx.now();
      HalfOpen b2 =
          new HalfOpen(x2, Kid.read(x1, 0), psk, from, now, receivedAt, x1Nonce, x1, origin);
      b2.jfr = jfr;
      entryMade = true; // from now on its end (and its origin's) is accounted for by ctx.discard
      ctx.kids.replace(b2.kidB, KidRegistry.RESERVED, b2);
      ctx.addHalfOpen(b2, now); // from now on the table de-duplicates copies
      synchronized (b2) { // the header encryptor is single-owner; an X3 can only follow this X2
        if (b2.hkSend != null) {
          ctx.sendPacket(
              from,
              x2.packet,
              x2.packet.length,
              b2.kidA,
              PacketType.X2,
              x2.headerCounter,
              ctx.config.mtu(),
              b2.hkSend);
        }
      }
    } finally {
      if (origin != null && !entryMade) {
        ctx.halfOpen.forget(origin);
      }
      if (started && !entryMade) {
        ctx.counters.handshakesFailed.increment();
        EngineJfrEvents.endHandshake(
            jfr, Role.RESPONDER, from, false, false, ctx.now() - receivedAt, failure);
      }
      if (pending != null) {
        ctx.workers.releaseX1(pending);
      }
    }
  }

  /**
   * A copy of an X1 that is queued or being worked on (before its B2 entry exists) is dropped: the
   * X2 goes out once, and a resend that arrives after it finds the B2 entry.
   */
  private static boolean beingAnswered(
      EngineContext ctx, byte[] buf, int off, long x1Nonce, PeerAddress from) {
    HandshakeWorkers.PendingX1 p = ctx.workers.pendingX1(x1Nonce);
    if (p == null || !p.isCopy(buf, off)) {
      return false;
    }
    ctx.drop(DropReason.DUPLICATE_HELLO, from, null);
    return true;
  }

  /**
   * De-duplication (ZSSP-SPEC §14.2): an X1 identical to one a live half-open entry was created
   * from (same header counter, same bytes 0..1717, compared in constant time) is answered with the
   * stored X2 if it comes from the same source, and dropped otherwise; either way without
   * public-key work. The X2 is never resent on a counter match alone, nor to another source (that
   * would reflect packets to spoofed addresses).
   *
   * @return whether the X1 was handled here
   */
  private static boolean answeredAlready(
      EngineContext ctx, byte[] buf, int off, long x1Nonce, PeerAddress from, long now) {
    HalfOpen b2 = ctx.halfOpen.findByX1Nonce(x1Nonce, now); // the bytes only on a counter match
    if (b2 == null || !HandshakeWorkers.sameHello(b2.x1, buf, off)) {
      return false;
    }
    if (!b2.source.equals(from)) {
      ctx.drop(DropReason.DUPLICATE_HELLO, from, null);
      return true;
    }
    synchronized (b2) {
      if (b2.hkSend != null) { // still alive: resend the very same X2 datagrams
        ctx.sendPacket(
            from,
            b2.x2Packet,
            b2.x2Packet.length,
            b2.kidA,
            PacketType.X2,
            b2.x2HeaderCounter,
            ctx.config.mtu(),
            b2.hkSend);
      }
    }
    return true;
  }

  private static long readLong(byte[] b) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[i] & 0xff);
    }
    return v;
  }

  /** §9.5: rf1, then rf2 (fixing B1), then the zero ratchet unless π1. Null means dropped. */
  private static RatchetState resolvePsk(EngineContext ctx, byte[] fps, PeerAddress from) {
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
    if (ctx.application.helloRequiresRecognizedRatchet(from)) {
      ctx.drop(DropReason.UNRECOGNIZED_RATCHET, from, null);
      return null;
    }
    return RatchetState.ZERO;
  }

  /** T6/T7/T8: the assembled X3 of half-open entry {@code b2}. */
  static void onX3(EngineContext ctx, HalfOpen b2, byte[] x3, PeerAddress from, long now) {
    if (!XkResponder.x3SizeOk(x3.length)) {
      ctx.drop(DropReason.WRONG_SIZE, from, null); // the entry stays: a good X3 may follow
      return;
    }
    if (!ctx.halfOpen.claim(b2, now)) {
      ctx.drop(DropReason.LATE_HANDSHAKE_RESEND, from, null); // claimed by another copy, or gone
      return;
    }
    if (!ctx.workers.run(() -> completeX3(ctx, b2, x3, from))) {
      ctx.drop(DropReason.HANDSHAKE_QUEUE_FULL, from, null);
      ctx.unclaimHalfOpen(b2, now); // a resend of X3 may find room
    }
  }

  /** T6/T7/T8's public-key work, by the thread that claimed {@code b2}. */
  private static void completeX3(EngineContext ctx, HalfOpen b2, byte[] x3, PeerAddress from) {
    if (ctx.isClosed()) {
      ctx.drop(DropReason.CONTEXT_CLOSED, from, null); // closed while queued
      b2.endReason = DropReason.CONTEXT_CLOSED;
      ctx.discard(b2);
      return;
    }
    long now = ctx.now();
    XkResponder.Completion x = XkResponder.readX3(ctx.crypto, b2.symmetric, b2.ephemeral, x3);
    if (x.failure != null) {
      ctx.drop(x.failure, from, null);
      b2.endReason = x.failure;
      ctx.discard(b2);
      return;
    }
    b2.endReason = "REFUSED"; // unless it ends otherwise below
    boolean release = false;
    boolean reserved = false;
    SymmetricState sym = x.state;
    try {
      if (ctx.halfOpen.isStale(x.remoteStaticBytes, b2.origin.seq)) {
        // fork fix, rule 3: a straggler of an attempt the peer abandoned before the accepted one;
        // dropped before Accept, so it neither rolls the ratchet back nor closes the live session
        ctx.drop(DropReason.LATE_HANDSHAKE_RESEND, from, null);
        b2.endReason = DropReason.LATE_HANDSHAKE_RESEND;
        return;
      }
      AcceptDecision decision =
          ctx.application.acceptSession(x.remoteStatic, x.identity.clone(), from);
      if (!decision.isAccepted()) {
        reject(ctx, b2, sym, decision.silentReject(), from);
        return;
      }
      if (!ctx.sessionQuota.reserve(x.remoteStaticBytes)) { // before any ratchet write
        b2.endReason = DropReason.SESSION_LIMIT;
        ctx.drop(DropReason.SESSION_LIMIT, from, null);
        reject(ctx, b2, sym, false, from);
        return;
      }
      reserved = true;
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
      if (!ctx.halfOpen.markWrite(x.remoteStaticBytes, b2.origin.seq, now)) {
        // fork fix, rule 3 again, now atomically with recording this B2 as the newest to write:
        // a newer B2 of this peer got here since the check above, and its write may be the one
        // just loaded (recorded before its compare-and-swap, so a load that sees its write sees
        // its mark). Without this, a straggler whose PSK the newer write kept (rule 2) could
        // still roll the store back.
        ctx.drop(DropReason.LATE_HANDSHAKE_RESEND, from, null);
        b2.endReason = DropReason.LATE_HANDSHAKE_RESEND;
        return;
      }
      NewKeys keys = NewKeys.derive(sym, b2.psk.chainLength());
      try {
        // CAS row 2: (N, none); fork fix, rule 2: (N, psk) while a newer X1 that named N as rf1
        // was resolved to psk (the peer gave N up before we learnt it and is using psk). The race
        // with such an X1 on another thread is closed by announcing N: see
        // HalfOpenTable.announceWrite.
        byte[] n = keys.ratchet.fingerprint();
        boolean keep = ctx.halfOpen.announceWrite(n, b2.psk, now);
        RatchetPair replacement = RatchetPair.of(keys.ratchet, keep ? b2.psk : null);
        boolean conflict = false;
        try {
          conflict = !ctx.store.compareAndSwap(x.remoteStaticBytes, stored, replacement);
        } finally {
          ctx.halfOpen.writeOver(n, conflict);
        }
        if (conflict) {
          ctx.drop(DropReason.RATCHET_STORE, from, null); // CAS row 2 conflict: discard
          b2.endReason = DropReason.RATCHET_STORE;
          return;
        }
        reserved = false; // the place goes to the session establish() creates
        establish(ctx, b2, x, keys, replacement, decision, downgraded, from, now);
      } finally {
        keys.wipe();
      }
    } catch (RatchetStoreException e) {
      ctx.drop(DropReason.RATCHET_STORE, from, null);
      b2.endReason = null; // live again
      release = true; // transient: a resent X3 may retry (B12)
    } finally {
      if (reserved) {
        ctx.sessionQuota.release(x.remoteStaticBytes); // refused or failed after the reservation
      }
      sym.destroy();
      if (release) {
        ctx.unclaimHalfOpen(b2, now);
      } else {
        ctx.discard(b2);
      }
    }
  }

  /** T6: the session in S1 (its kid moves from the B2 entry to it); C1 with counter 0. */
  private static void establish(
      EngineContext ctx,
      HalfOpen b2,
      XkResponder.Completion x,
      NewKeys keys,
      RatchetPair ratchet,
      AcceptDecision decision,
      boolean downgraded,
      PeerAddress from,
      long now) {
    EngineSession s =
        new EngineSession(
            ctx, Role.RESPONDER, x.remoteStatic, from, ctx.config.mtu(), decision.attachment());
    synchronized (b2) { // a fragment being unprotected with these keys finishes first
      s.hkSend = b2.hkSend;
      s.hkRecv = b2.hkRecv;
      b2.hkSend = null;
      b2.hkRecv = null;
    }
    s.current = new KeySet(b2.kidB);
    s.current.complete(ctx.crypto.aes256(), b2.kidA, keys, /* initiator= */ false);
    s.ratchet = ratchet;
    s.holdsQuotaPlace = true; // the place reserved at X3 now belongs to the session
    s.lock();
    try {
      ctx.sessions.add(s); // before the closed check: close() either sees it or is seen
      if (ctx.isClosed() || !ctx.kids.replace(b2.kidB, b2, s)) {
        // The context closed meanwhile: the session never existed for the application.
        ctx.removeSession(s);
        ctx.kids.release(b2.kidB, s);
        s.destroyAll();
        b2.endReason = DropReason.CONTEXT_CLOSED;
        ctx.drop(DropReason.CONTEXT_CLOSED, from, null);
        return;
      }
      s.enter(SessionState.S1, now);
      s.sendControl(PacketType.C1, s.current); // counter 0; the session continues at 1
      b2.established = true; // its discard is no failure
      s.jfr = b2.jfr; // committed by established(), on this thread
      b2.jfr = null;
      if (downgraded) {
        EngineJfrEvents.downgraded(s.jfr);
      }
      s.established(now - b2.x1ReceivedAt);
      s.emit(new ZsspEvent.SessionEstablished(s, downgraded));
    } finally {
      s.unlock();
    }
  }

  /** T7: D to kid_A unless π4; the entry is discarded by the caller. */
  private static void reject(
      EngineContext ctx, HalfOpen b2, SymmetricState sym, boolean silent, PeerAddress from) {
    if (silent) {
      return;
    }
    byte[] d = XkResponder.writeD(ctx.crypto, sym);
    synchronized (b2) {
      if (b2.hkSend != null) {
        ctx.sendPacket(from, d, d.length, b2.kidA, PacketType.D, 0, ctx.config.mtu(), b2.hkSend);
      }
    }
  }
}
