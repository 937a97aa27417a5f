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
import io.zssp.crypto.KemEncapsulation;
import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import java.security.InvalidKeyException;
import java.util.Arrays;

/**
 * Bob's side of the Noise XK handshake: X1 into X2 and a half-open entry (⊥ → B2, ZSSP-SPEC §8.2,
 * with the fingerprint resolution of §9.5 and the challenge of §12.3), and X3 into a session or a
 * rejection (B2 → S1, §8.4, with the security flags of §9.7).
 */
final class ResponderHandshake {
  private static final int X1_SIZE = ProtocolConstants.X1_SIZE_IN_BYTES;
  private static final int X1_NOISE_SIZE = InitiatorHandshake.X1_NOISE_SIZE;
  private static final int X3_MAX_SIZE =
      ProtocolConstants.X3_MIN_SIZE_IN_BYTES + ProtocolConstants.MAX_IDENTITY_SIZE_IN_BYTES;

  private ResponderHandshake() {}

  /** T2: an assembled X1 from {@code from} with header counter {@code headerCounter}. */
  static void onX1(
      ReferenceContext ctx, byte[] x1, byte[] headerCounter8, PeerAddress from, long now) {
    if (x1.length != X1_SIZE) {
      ctx.drop(DropReason.WRONG_SIZE, from, null);
      return;
    }
    if (ctx.challengeInForce() && !ctx.zcp.checkAndConsume(x1, X1_NOISE_SIZE, from, now)) {
      byte[] challenge =
          ctx.zcp.issue(Arrays.copyOf(x1, 4), x1, X1_NOISE_SIZE + Zcp.POW_OFFSET, from, now);
      long counter = ctx.crypto.random().nextLong();
      ctx.sendPacket(
          from, challenge, new byte[4], PacketType.CHALLENGE, counter, ctx.config.mtu(), null);
      ctx.drop(DropReason.CHALLENGE_ISSUED, from, null);
      ctx.emit(new ZsspEvent.ChallengeIssued(from));
      return;
    }
    if (!ConstantTime.equals(headerCounter8, 0, x1, InitiatorHandshake.X1_COUNTER_OFFSET, 8)) {
      ctx.drop(DropReason.INVALID_HEADER_NONCE, from, null);
      return;
    }
    int kidA = Kid.read(x1, 0);
    if (kidA == 0) {
      ctx.drop(DropReason.ZERO_KEY_ID, from, null);
      return;
    }
    P384 p384 = ctx.crypto.p384();
    SymmetricState sym =
        SymmetricState.initialize(
            ctx.crypto, ProtocolConstants.protocolNameBlock(ProtocolConstants.XK_PROTOCOL_NAME));
    boolean keep = false;
    try {
      sym.mixHash(x1, 0, 4);
      sym.mixHash(ctx.staticPublic);
      byte[] xPub = Arrays.copyOfRange(x1, 4, 53);
      sym.mixHash(xPub);
      sym.mixKey(xPub);
      P384PublicKey x;
      try {
        x = p384.decodePublicKey(xPub);
      } catch (InvalidKeyException e) {
        ctx.drop(DropReason.INVALID_PUBLIC_KEY, from, null);
        return;
      }
      byte[] es = p384.agree(ctx.config.staticKey(), x);
      sym.mixKey(es);
      SymmetricState.wipe(es);
      byte[] kyberPk = new byte[ProtocolConstants.KYBER_PUBLIC_KEY_SIZE_IN_BYTES];
      byte[] fingerprints = new byte[64];
      if (!sym.decryptAndHash(PacketType.X1, 0, x1, 53, kyberPk.length + 16, kyberPk, 0)
          || !sym.decryptAndHash(PacketType.X1, 1, x1, 1637, 80, fingerprints, 0)) {
        ctx.drop(DropReason.AUTHENTICATION_FAILED, from, null);
        return;
      }
      RatchetState psk = resolvePsk(ctx, fingerprints, from);
      if (psk == null) {
        return; // dropped (π1 or storage error), already counted
      }
      byte[][] hk = sym.getAsk(SymmetricState.LABEL_HEADER_KEYS);
      P384KeyPair y = p384.generateKeyPair();
      byte[] yPub = y.publicKey().encoded();
      byte[] x2 = new byte[ProtocolConstants.X2_SIZE_IN_BYTES];
      System.arraycopy(yPub, 0, x2, 0, 49);
      sym.mixHash(yPub);
      sym.mixKey(yPub);
      byte[] ee = p384.agree(y, x);
      sym.mixKey(ee);
      SymmetricState.wipe(ee);
      KemEncapsulation kem;
      try {
        kem = ctx.crypto.kyber1024().encapsulate(kyberPk);
      } catch (InvalidKeyException e) {
        throw new IllegalStateException("Kyber public key of the right size was refused", e);
      }
      byte[] ct = kem.ciphertext();
      sym.encryptAndHash(PacketType.X2, 0, ct, 0, ct.length, x2, 49);
      byte[] ss = kem.sharedSecret();
      kem.destroy();
      sym.mixKey(ss);
      SymmetricState.wipe(ss);
      byte[] rk = psk.key();
      sym.mixKeyAndHash(rk);
      SymmetricState.wipe(rk);
      int kidB = ctx.newKid();
      sym.encryptAndHash(PacketType.X2, 0, Kid.bytes(kidB), 0, 4, x2, 1633);
      long counter = ((x2[1650] & 0xffL) << 16) | ((x2[1651] & 0xffL) << 8) | (x2[1652] & 0xffL);
      HalfOpen b2 =
          new HalfOpen(
              sym,
              y,
              kidA,
              kidB,
              ctx.crypto.aes256().newBlockEncryptor(hk[0]),
              ctx.crypto.aes256().newBlockDecryptor(hk[1]),
              psk,
              from,
              now,
              ctx.newSessionReassembler());
      SymmetricState.wipe(hk);
      ctx.addHalfOpen(b2);
      keep = true;
      ctx.sendPacket(
          from, x2, Kid.bytes(kidA), PacketType.X2, counter, ctx.config.mtu(), b2.hkSend);
    } finally {
      if (!keep) {
        sym.destroy();
      }
    }
  }

  /** §9.5: rf1, then rf2 (fixing B1), then the zero ratchet unless π1. Null means dropped. */
  private static RatchetState resolvePsk(ReferenceContext ctx, byte[] fps, PeerAddress from) {
    try {
      for (int off = 0; off < 64; off += 32) {
        if (!ConstantTime.isZero(fps, off, 32)) {
          RatchetState found = ctx.store.findByFingerprint(Arrays.copyOfRange(fps, off, off + 32));
          if (found != null) {
            return found;
          }
        }
      }
    } catch (RatchetStoreException e) {
      ctx.drop(DropReason.RATCHET_STORE, from, null);
      return null;
    }
    if (ctx.config.application().helloRequiresRecognizedRatchet(from)) {
      ctx.drop(DropReason.UNRECOGNIZED_RATCHET, from, null);
      return null;
    }
    return RatchetState.ZERO;
  }

  /** T6/T7/T8: the assembled X3 of a claimed half-open entry. */
  static void onX3(ReferenceContext ctx, HalfOpen b2, byte[] x3, PeerAddress from, long now) {
    if (x3.length < ProtocolConstants.X3_MIN_SIZE_IN_BYTES || x3.length > X3_MAX_SIZE) {
      ctx.drop(DropReason.WRONG_SIZE, from, null); // the entry stays: a good X3 may follow
      return;
    }
    ctx.removeHalfOpen(b2); // claimed exactly once
    boolean release = false;
    SymmetricState sym = b2.symmetric.copy();
    try {
      byte[] sPub = new byte[49];
      if (!sym.decryptAndHash(PacketType.X3, 1, x3, 0, 65, sPub, 0)) {
        ctx.drop(DropReason.AUTHENTICATION_FAILED, from, null);
        return;
      }
      P384PublicKey remoteStatic;
      try {
        remoteStatic = ctx.crypto.p384().decodePublicKey(sPub);
      } catch (InvalidKeyException e) {
        ctx.drop(DropReason.INVALID_PUBLIC_KEY, from, null);
        return;
      }
      byte[] se = ctx.crypto.p384().agree(b2.ephemeral, remoteStatic);
      sym.mixKey(se);
      SymmetricState.wipe(se);
      byte[] identity = new byte[x3.length - 81];
      if (!sym.decryptAndHash(PacketType.X3, 0, x3, 65, x3.length - 65, identity, 0)) {
        ctx.drop(DropReason.AUTHENTICATION_FAILED, from, null);
        return;
      }
      byte[][] kek = sym.getAsk(SymmetricState.LABEL_KEX_KEYS); // Bob: send = o1, recv = o2
      AcceptDecision decision =
          ctx.config.application().acceptSession(remoteStatic, identity.clone(), from);
      if (!decision.isAccepted()) {
        reject(ctx, b2, kek[0], decision.silentReject(), from);
        SymmetricState.wipe(kek);
        return;
      }
      RatchetPair stored = ctx.store.load(sPub);
      boolean downgraded = false;
      if (!stored.containsFingerprint(b2.psk.fingerprint())) {
        if (!decision.disallowDowngrade() && b2.psk.isZero()) {
          downgraded = true; // NewDowngradedSession
        } else {
          reject(ctx, b2, kek[0], decision.silentReject(), from);
          SymmetricState.wipe(kek);
          return;
        }
      }
      byte[][] ratchet = sym.getAsk(SymmetricState.LABEL_RATCHET);
      byte[][] nk = sym.split(); // Bob: send = o1, recv = o2
      RatchetState next = RatchetState.of(ratchet[0], ratchet[1], b2.psk.chainLength() + 1);
      RatchetPair replacement = RatchetPair.of(next, null);
      if (!ctx.store.compareAndSwap(sPub, stored, replacement)) {
        ctx.drop(DropReason.RATCHET_STORE, from, null); // CAS row 2 conflict: discard
        SymmetricState.wipe(ratchet[0], kek[0], kek[1], nk[0], nk[1]);
        return;
      }
      ReferenceSession s =
          new ReferenceSession(
              ctx, Role.RESPONDER, remoteStatic, from, ctx.config.mtu(), decision.attachment());
      s.hkSend = b2.hkSend;
      s.hkRecv = b2.hkRecv;
      b2.hkSend = null;
      b2.hkRecv = null;
      s.current = new KeySet(b2.kidB);
      s.current.complete(ctx.crypto.aes256(), b2.kidA, kek[0], kek[1], nk[0], nk[1]);
      SymmetricState.wipe(ratchet[0], kek[0], kek[1], nk[0], nk[1]);
      s.ratchet = replacement;
      ctx.addSession(s);
      ctx.registerKid(b2.kidB, s);
      s.enter(SessionState.S1, now);
      s.sendControl(PacketType.C1, s.current); // counter 0; the session continues at 1
      s.emit(new ZsspEvent.SessionEstablished(s, downgraded));
    } catch (RatchetStoreException e) {
      ctx.drop(DropReason.RATCHET_STORE, from, null);
      release = true; // transient: a resent X3 may retry (B12)
    } finally {
      sym.destroy();
      if (release) {
        ctx.readdHalfOpen(b2);
      } else {
        b2.destroy();
      }
    }
  }

  /** T7: D = AEAD(kek_send, n(7, 0), ε) to kid_A unless π4; the entry is discarded. */
  private static void reject(
      ReferenceContext ctx, HalfOpen b2, byte[] kekSend, boolean silent, PeerAddress from) {
    if (!silent) {
      byte[] d = new byte[16];
      ctx.crypto.aes256().newGcm(kekSend).seal(Nonces.gcm(PacketType.D, 0), null, d, 0, 0, d, 0);
      ctx.sendPacket(from, d, Kid.bytes(b2.kidA), PacketType.D, 0, ctx.config.mtu(), b2.hkSend);
    }
  }
}
