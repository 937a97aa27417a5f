package io.zssp.reference;

import io.zssp.api.DropReason;
import io.zssp.api.ProtocolConstants;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspEvent;
import io.zssp.crypto.ConstantTime;
import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import java.security.InvalidKeyException;
import java.util.Arrays;

/**
 * Alice's side of the Noise XK handshake: building X1 (⊥ → A1 and every A1 restart, ZSSP-SPEC
 * §8.1), answering a challenge (§12.2), and processing X2 into X3 (A1 → A3, §8.3) with the PSK
 * trials of §9.6. The A3 → S2 step (C1) is in {@link SessionPackets}.
 */
final class InitiatorHandshake {
  static final int X1_NOISE_SIZE =
      ProtocolConstants.X1_SIZE_IN_BYTES
          - ProtocolConstants.CHALLENGE_RESPONSE_SIZE_IN_BYTES; // 1717

  /** X1[1709..1717]: the last 8 bytes of the rf tag are the header counter. */
  static final int X1_COUNTER_OFFSET = X1_NOISE_SIZE - 8;

  private static final int X2_SIZE = ProtocolConstants.X2_SIZE_IN_BYTES;

  private InitiatorHandshake() {}

  /** T1/T5: builds and sends a fresh X1 and enters A1. The ratchet pair is re-read (B25). */
  static void start(ReferenceSession s, long now) throws RatchetStoreException {
    ReferenceContext ctx = s.context;
    s.ratchet = ctx.store.load(s.remoteStaticBytes);
    int kidA = ctx.newKid();
    ctx.registerKid(kidA, s);
    s.other = new KeySet(kidA);
    s.otherIsNext = true;

    SymmetricState sym =
        SymmetricState.initialize(
            ctx.crypto, ProtocolConstants.protocolNameBlock(ProtocolConstants.XK_PROTOCOL_NAME));
    byte[] kidABytes = Kid.bytes(kidA);
    sym.mixHash(kidABytes);
    sym.mixHash(s.remoteStaticBytes);
    P384KeyPair x = ctx.crypto.p384().generateKeyPair();
    byte[] xPub = x.publicKey().encoded();
    sym.mixHash(xPub);
    sym.mixKey(xPub);
    byte[] es = ctx.crypto.p384().agree(x, s.remoteStatic);
    sym.mixKey(es);
    SymmetricState.wipe(es);
    s.kyber = ctx.crypto.kyber1024().generateKeyPair();

    byte[] packet = new byte[ProtocolConstants.X1_SIZE_IN_BYTES];
    System.arraycopy(kidABytes, 0, packet, 0, 4);
    System.arraycopy(xPub, 0, packet, 4, 49);
    byte[] kyberPk = s.kyber.publicKey();
    int pos = 53 + sym.encryptAndHash(PacketType.X1, 0, kyberPk, 0, kyberPk.length, packet, 53);
    byte[] fingerprints = new byte[64];
    s.ratchet.state1().writeFingerprint(fingerprints, 0);
    if (s.ratchet.state2() != null) {
      s.ratchet.state2().writeFingerprint(fingerprints, 32);
    }
    sym.encryptAndHash(PacketType.X1, 1, fingerprints, 0, 64, packet, pos);
    // Null challenge response: 0^24 ‖ 8 random bytes.
    ctx.crypto.random().nextBytes(packet, X1_NOISE_SIZE + Zcp.POW_OFFSET, 8);

    byte[][] hk = sym.getAsk(SymmetricState.LABEL_HEADER_KEYS);
    s.hkRecv = ctx.crypto.aes256().newBlockDecryptor(hk[0]);
    s.hkSend = ctx.crypto.aes256().newBlockEncryptor(hk[1]);
    SymmetricState.wipe(hk);

    s.ephemeral = x;
    s.handshake = sym;
    s.x1 = packet;
    s.x1Counter = Nonces.readU64(packet, X1_COUNTER_OFFSET);
    s.solvingChallenge = false;
    s.enter(SessionState.A1, now);
    s.sendPacket(packet, 0, PacketType.X1, s.x1Counter, null);
  }

  /** τ from A1 or A3 (T5, and the rate-limited T4): retire the pending set, start over. */
  static void restart(ReferenceSession s, long now) {
    if (s.state == SessionState.CLOSED) {
      return; // closed by the application from a callback (e.g. the CAS-conflict Dropped event)
    }
    ReferenceContext ctx = s.context;
    if (s.other != null) {
      ctx.unregisterKid(s.other.recvKid);
      s.other.destroy();
      s.other = null;
    }
    s.destroyHandshakeSecrets();
    if (s.hkSend != null) {
      s.hkSend.destroy();
      s.hkRecv.destroy();
    }
    s.restartOnResend = false;
    s.x3 = null;
    // Every kid the old attempt used is retired, and the responder's next session counts from 0
    // again: packets accepted on the abandoned pending set (P in A3) must not poison the window.
    s.replay = new ReplayWindow();
    try {
      start(s, now);
    } catch (RatchetStoreException e) {
      // Cannot read the ratchet record: stay in A1 without a pending X1 and retry at the next tick.
      s.state = SessionState.A1;
      s.resendAt = now + ctx.settings.resendMillis();
      s.timeoutAt = s.resendAt;
    }
  }

  /** A challenge (type 9) addressed to this session's pending kid (§12.2). */
  static void onChallenge(ReferenceSession s, byte[] packet) {
    ReferenceContext ctx = s.context;
    if (s.state != SessionState.A1 || s.x1 == null || s.solvingChallenge) {
      ctx.drop(DropReason.CHALLENGE_MISMATCH, s.remoteAddress, s);
      return;
    }
    int myPow = X1_NOISE_SIZE + Zcp.POW_OFFSET;
    if (!ConstantTime.equals(packet, 4 + Zcp.POW_OFFSET, s.x1, myPow, 8)) {
      ctx.drop(DropReason.CHALLENGE_MISMATCH, s.remoteAddress, s); // no proof of receipt
      return;
    }
    s.solvingChallenge = true;
    byte[] start = new byte[8];
    ctx.crypto.random().nextBytes(start);
    byte[] response = new byte[Zcp.RESPONSE_SIZE];
    long hashes = Zcp.solve(ctx.crypto.sha512(), packet, 4, start, response);
    System.arraycopy(response, 0, s.x1, X1_NOISE_SIZE, Zcp.RESPONSE_SIZE);
    s.solvingChallenge = false;
    s.emit(new ZsspEvent.ChallengeAnswered(s, hashes)); // sent with the next regular resend
  }

  /** An assembled X2 for this session in A1 (T3, or T4 on authentication failure). */
  static void onX2(ReferenceSession s, byte[] x2, long headerCounter, long now) {
    ReferenceContext ctx = s.context;
    if (x2.length != X2_SIZE) {
      ctx.drop(DropReason.WRONG_SIZE, s.remoteAddress, s);
      return;
    }
    long tail =
        ((x2[X2_SIZE - 3] & 0xffL) << 16)
            | ((x2[X2_SIZE - 2] & 0xffL) << 8)
            | (x2[X2_SIZE - 1] & 0xffL);
    if (headerCounter != tail) {
      ctx.drop(DropReason.INVALID_HEADER_NONCE, s.remoteAddress, s);
      return;
    }
    P384 p384 = ctx.crypto.p384();
    SymmetricState sym = s.handshake.copy();
    byte[] yPub = Arrays.copyOfRange(x2, 0, 49);
    sym.mixHash(yPub);
    sym.mixKey(yPub);
    P384PublicKey y;
    try {
      y = p384.decodePublicKey(yPub);
    } catch (InvalidKeyException e) {
      authenticationFailure(s, DropReason.INVALID_PUBLIC_KEY, now);
      return;
    }
    byte[] ee = p384.agree(s.ephemeral, y);
    sym.mixKey(ee);
    SymmetricState.wipe(ee);
    byte[] kyberCt = new byte[ProtocolConstants.KYBER_CIPHERTEXT_SIZE_IN_BYTES];
    if (!sym.decryptAndHash(PacketType.X2, 0, x2, 49, kyberCt.length + 16, kyberCt, 0)) {
      authenticationFailure(s, DropReason.AUTHENTICATION_FAILED, now);
      return;
    }
    byte[] ss;
    try {
      ss = ctx.crypto.kyber1024().decapsulate(s.kyber, kyberCt);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("Kyber key pair unusable in A1", e);
    }
    sym.mixKey(ss);
    SymmetricState.wipe(ss);

    // PSK trials (§9.6): rk1, rk2 if present, then the zero key unless π2.
    RatchetState[] candidates = {
      s.ratchet.state1(), s.ratchet.state2(), s.disallowDowngrade ? null : RatchetState.ZERO
    };
    SymmetricState accepted = null;
    int kidB = 0;
    int used = -1;
    byte[] kid = new byte[4];
    for (int i = 0; i < candidates.length && accepted == null; i++) {
      if (candidates[i] == null) {
        continue;
      }
      SymmetricState trial = sym.copy();
      byte[] psk = candidates[i].key();
      trial.mixKeyAndHash(psk);
      SymmetricState.wipe(psk);
      if (trial.decryptAndHash(PacketType.X2, 0, x2, 1633, 20, kid, 0) && Kid.read(kid, 0) != 0) {
        accepted = trial;
        kidB = Kid.read(kid, 0);
        used = i;
      } else {
        trial.destroy();
      }
    }
    sym.destroy();
    if (accepted == null) {
      authenticationFailure(s, DropReason.AUTHENTICATION_FAILED, now);
      return;
    }
    // A success with the zero FALLBACK (not a zero state1 tried first) is a downgrade.
    boolean downgrade = used == 2;
    RatchetState pskState = candidates[used];
    RatchetState kept = used == 0 ? s.ratchet.state1() : s.ratchet.state2();
    completeX3(s, accepted, y, kidB, pskState, kept, downgrade, now);
  }

  private static void completeX3(
      ReferenceSession s,
      SymmetricState sym,
      P384PublicKey y,
      int kidB,
      RatchetState pskState,
      RatchetState kept,
      boolean downgrade,
      long now) {
    ReferenceContext ctx = s.context;
    byte[] staticPub = ctx.staticPublic.clone();
    byte[] identity = s.identity;
    byte[] packet = new byte[ProtocolConstants.X3_MIN_SIZE_IN_BYTES + identity.length];
    int pos = sym.encryptAndHash(PacketType.X3, 1, staticPub, 0, 49, packet, 0);
    byte[] se = ctx.crypto.p384().agree(ctx.config.staticKey(), y);
    sym.mixKey(se);
    SymmetricState.wipe(se);
    sym.encryptAndHash(PacketType.X3, 0, identity, 0, identity.length, packet, pos);
    byte[][] ratchet = sym.getAsk(SymmetricState.LABEL_RATCHET);
    byte[][] kek = sym.getAsk(SymmetricState.LABEL_KEX_KEYS);
    byte[][] nk = sym.split();
    sym.destroy();
    RatchetState next = RatchetState.of(ratchet[0], ratchet[1], pskState.chainLength() + 1);
    RatchetPair stored = RatchetPair.of(next, kept);
    try {
      if (!ctx.store.compareAndSwap(s.remoteStaticBytes, s.ratchet, stored)) {
        // CAS row 1 conflict: another session moved the ratchet. Restart from the stored pair.
        SymmetricState.wipe(ratchet[0], kek[0], kek[1], nk[0], nk[1]);
        ctx.drop(DropReason.RATCHET_STORE, s.remoteAddress, s);
        restart(s, now);
        return;
      }
    } catch (RatchetStoreException e) {
      SymmetricState.wipe(ratchet[0], kek[0], kek[1], nk[0], nk[1]);
      ctx.drop(DropReason.RATCHET_STORE, s.remoteAddress, s); // stay in A1; a resend retries
      return;
    }
    s.ratchet = stored;
    s.other.complete(ctx.crypto.aes256(), kidB, kek[1], kek[0], nk[1], nk[0]);
    SymmetricState.wipe(ratchet[0], kek[0], kek[1], nk[0], nk[1]);
    s.destroyHandshakeSecrets();
    s.x3 = packet;
    s.restartOnResend = false;
    s.enter(SessionState.A3, now);
    s.sendPacket(packet, kidB, PacketType.X3, 0, s.hkSend);
    if (downgrade) {
      s.emit(new ZsspEvent.DowngradeWarning(s));
    }
  }

  /** T4: drop the X2 and restart at the next resend tick, doubling the delay each time (B3). */
  private static void authenticationFailure(ReferenceSession s, DropReason reason, long now) {
    ReferenceContext ctx = s.context;
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
