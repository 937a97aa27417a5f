package io.zssp.engine;

import io.zssp.api.DropReason;
import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspEvent;
import io.zssp.crypto.ConstantTime;
import io.zssp.wire.KeySet;
import io.zssp.wire.NewKeys;
import io.zssp.wire.PacketType;
import io.zssp.wire.XkInitiator;
import io.zssp.wire.Zcp;

/**
 * Alice's side of the Noise XK handshake in the engine: X1 (⊥ → A1 and every restart, ZSSP-SPEC
 * §8.1), the challenge (§12.2, the proof of work solved with no lock held), and X2 into X3 (A1 →
 * A3, §8.3). The bytes come from {@link XkInitiator}; this class keeps the state. Every method but
 * {@link #onChallenge} runs under the session's lock.
 */
final class InitiatorHandshake {
  private InitiatorHandshake() {}

  /** T1/T5: builds and queues a fresh X1 and enters A1. The ratchet pair is re-read (B25). */
  static void start(EngineSession s, long now) throws RatchetStoreException {
    EngineContext ctx = s.context;
    s.ratchet = ctx.store.load(s.remoteStaticBytes);
    int kidA = ctx.kids.allocate(s);
    s.other = new KeySet(kidA);
    s.otherIsNext = true;
    XkInitiator.Hello hello = XkInitiator.writeX1(ctx.crypto, kidA, s.remoteStaticKey(), s.ratchet);
    s.hello = hello;
    s.hkRecv = hello.hkRecv;
    s.hkSend = hello.hkSend;
    s.solvingChallenge = false;
    s.enter(SessionState.A1, now);
    s.sendPacket(hello.packet, hello.packet.length, 0, PacketType.X1, hello.headerCounter, null);
  }

  /** τ from A1 or A3 (T5, and the rate-limited T4): retire the pending set, start over. */
  static void restart(EngineSession s, long now) {
    if (s.state == SessionState.CLOSED) {
      return;
    }
    EngineContext ctx = s.context;
    if (s.other != null) {
      ctx.kids.release(s.other.recvKid, s);
      s.other.destroy();
      s.other = null;
    }
    s.destroyHandshakeSecrets();
    if (s.hkSend != null) {
      s.hkSend.destroy();
      s.hkRecv.destroy();
      s.hkSend = null;
      s.hkRecv = null;
    }
    s.restartOnResend = false;
    s.x3 = null;
    // The responder's next session counts from 0 again: packets accepted on the abandoned pending
    // set (P in A3) must not poison the window.
    s.replay = new CompactReplayWindow();
    if (s.fragments != null) {
      s.fragments.clear();
      s.fragments = null;
    }
    try {
      start(s, now);
    } catch (RatchetStoreException e) {
      // Cannot read the ratchet record: stay in A1 without a pending X1 and retry at the next tick.
      s.setState(SessionState.A1);
      s.resendAt = now + ctx.settings.resendMillis();
      s.timeoutAt = s.resendAt;
    }
  }

  /**
   * A challenge (type 9) from {@code from} naming kid {@code kid} of this session (§12.2). Called
   * without the lock: the checks and the answer are made under it, the proof of work in between
   * without it. As in the reference, a challenge that names no pending kid is blamed on its sender,
   * one that does but comes at the wrong time or without the proof of receipt on the session.
   */
  static void onChallenge(EngineSession s, int kid, byte[] packet, PeerAddress from) {
    EngineContext ctx = s.context;
    XkInitiator.Hello hello;
    s.lock();
    try {
      if (s.other == null || s.other.recvKid != kid) {
        ctx.drop(DropReason.CHALLENGE_MISMATCH, from, null); // not this session's other kid
        return;
      }
      if (s.state != SessionState.A1 || s.hello == null || s.solvingChallenge) {
        ctx.drop(DropReason.CHALLENGE_MISMATCH, s.remoteAddress, s);
        return;
      }
      hello = s.hello;
      if (!ConstantTime.equals(
          packet, 4 + Zcp.POW_OFFSET, hello.packet, XkInitiator.X1_POW_OFFSET, 8)) {
        ctx.drop(DropReason.CHALLENGE_MISMATCH, s.remoteAddress, s); // no proof of receipt
        return;
      }
      s.solvingChallenge = true;
    } finally {
      s.unlock();
    }
    byte[] start = new byte[8];
    ctx.crypto.random().nextBytes(start);
    byte[] response = new byte[Zcp.RESPONSE_SIZE];
    EngineJfrEvents.Challenge jfr = EngineJfrEvents.beginSolve(); // null unless recorded
    long hashes = Zcp.solve(ctx.crypto.sha512(), packet, 4, start, response);
    s.lock();
    try {
      if (s.hello == hello) { // else a restart replaced the X1 meanwhile: the answer is stale
        System.arraycopy(response, 0, hello.packet, XkInitiator.X1_NOISE_SIZE, Zcp.RESPONSE_SIZE);
        s.solvingChallenge = false;
        ctx.counters.challengesAnswered.increment();
        EngineJfrEvents.endSolve(jfr, s.remoteAddress, hashes);
        s.emit(new ZsspEvent.ChallengeAnswered(s, hashes)); // sent with the next regular resend
      }
    } finally {
      s.unlock();
    }
  }

  /** An assembled X2 for this session in A1 (T3, or T4 on authentication failure). */
  static void onX2(EngineSession s, byte[] x2, long headerCounter, long now) {
    EngineContext ctx = s.context;
    if (s.hello == null) {
      ctx.drop(DropReason.WRONG_STATE, s.remoteAddress, s);
      return;
    }
    XkInitiator.Response r =
        XkInitiator.readX2(ctx.crypto, s.hello, s.ratchet, s.disallowDowngrade, x2, headerCounter);
    if (r.failure != null) {
      if (r.isAuthenticationFailure()) {
        authenticationFailure(s, r.failure, now);
      } else {
        ctx.drop(r.failure, s.remoteAddress, s);
      }
      return;
    }
    XkInitiator.Completion x3 =
        XkInitiator.writeX3(ctx.crypto, ctx.config.staticKey(), r, s.identity);
    NewKeys keys = x3.keys;
    try {
      RatchetPair stored = RatchetPair.of(keys.ratchet, r.kept);
      try {
        if (!ctx.store.compareAndSwap(s.remoteStaticBytes, s.ratchet, stored)) {
          // CAS row 1 conflict: another session moved the ratchet. Restart from the stored pair
          // (B25), once the application has been told: it may close the session instead (B13).
          ctx.drop(DropReason.RATCHET_STORE, s.remoteAddress, s);
          XkInitiator.Hello attempt = s.hello;
          Outbox.current().defer(() -> restartAfterConflict(s, attempt));
          return;
        }
      } catch (RatchetStoreException e) {
        ctx.drop(DropReason.RATCHET_STORE, s.remoteAddress, s); // stay in A1; a resend retries
        return;
      }
      s.ratchet = stored;
      s.other.complete(ctx.crypto.aes256(), r.kidB, keys, /* initiator= */ true);
    } finally {
      keys.wipe();
    }
    s.destroyHandshakeSecrets();
    s.x3 = x3.packet;
    s.restartOnResend = false;
    s.enter(SessionState.A3, now);
    s.sendPacket(x3.packet, x3.packet.length, r.kidB, PacketType.X3, 0, s.hkSend);
    if (r.downgrade) {
      EngineJfrEvents.downgraded(s.jfr);
      s.emit(new ZsspEvent.DowngradeWarning(s));
    }
  }

  /** The deferred restart of a CAS row 1 conflict, unless the attempt is over meanwhile. */
  private static void restartAfterConflict(EngineSession s, XkInitiator.Hello attempt) {
    s.lock();
    try {
      if (s.state == SessionState.A1 && s.hello == attempt) {
        restart(s, s.context.now());
      }
    } finally {
      s.unlock();
    }
  }

  /** T4: drop the X2 and restart at the next resend tick, doubling the delay each time (B3). */
  private static void authenticationFailure(EngineSession s, DropReason reason, long now) {
    EngineContext ctx = s.context;
    ctx.drop(reason, s.remoteAddress, s);
    long resend = ctx.settings.resendMillis();
    s.restartBackoffMillis =
        s.restartBackoffMillis == 0
            ? resend
            : Math.min(2 * s.restartBackoffMillis, ctx.settings.initialOfferTimeoutMillis());
    s.restartOnResend = true;
    s.resendAt = Math.max(s.resendAt, now + s.restartBackoffMillis);
  }
}
