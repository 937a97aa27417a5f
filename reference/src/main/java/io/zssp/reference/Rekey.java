package io.zssp.reference;

import io.zssp.api.DropReason;
import io.zssp.api.ProtocolConstants;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Role;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspEvent.CloseReason;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import java.security.InvalidKeyException;
import java.util.Arrays;

/**
 * The Noise KKpsk0 rekey, exactly as the canonical implementation does it (ZSSP-SPEC §8.5),
 * including the message-2 "se" step that repeats the es secret (B0: copied on purpose, it is on the
 * wire). K1 and K2 are double encrypted: the 69-byte Noise message inside AEAD under the current
 * kek. Transitions T13 (S2 → R1), T14 (→ R2), T16 (R1 → S1) and T19 (failure → expire).
 */
final class Rekey {
  private static final int INNER_SIZE = 69;

  private Rekey() {}

  /** T13: retire the previous set, prepare the next recv kid, send K1, enter R1. */
  static void start(ReferenceSession s) {
    ReferenceContext ctx = s.context;
    CryptoProvider crypto = ctx.crypto;
    long now = ctx.now();
    retireOther(s);
    int newKidI = ctx.newKid();
    ctx.registerKid(newKidI, s);
    s.other = new KeySet(newKidI);
    s.otherIsNext = true;
    SymmetricState sym = initialize(s, ctx.staticPublic, s.remoteStaticBytes);
    P384KeyPair x = crypto.p384().generateKeyPair();
    byte[] xPub = x.publicKey().encoded();
    sym.mixHash(xPub);
    sym.mixKey(xPub);
    mixDh(sym, crypto, x, s.remoteStatic); // es
    mixDh(sym, crypto, ctx.config.staticKey(), s.remoteStatic); // ss
    byte[] inner = new byte[INNER_SIZE];
    System.arraycopy(xPub, 0, inner, 0, 49);
    sym.encryptAndHash(PacketType.K1, 0, Kid.bytes(newKidI), 0, 4, inner, 49);
    s.destroyRekeySecrets();
    s.rekeyState = sym;
    s.rekeyEphemeral = x;
    s.rekeyInner = inner;
    s.rekeyInProgress = true;
    s.enter(SessionState.R1, now);
    resendK1(s);
  }

  static void resendK1(ReferenceSession s) {
    s.sealAndSend(PacketType.K1, s.current, s.current.kekSend, s.rekeyInner, 0, INNER_SIZE);
  }

  static void resendK2(ReferenceSession s) {
    s.sealAndSend(PacketType.K2, s.current, s.current.kekSend, s.rekeyInner, 0, INNER_SIZE);
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
    boolean ok = type == PacketType.K1 ? respond(s, inner, now) : complete(s, inner, now);
    if (!ok) {
      ctx.closeSession(s, CloseReason.REKEY_FAILED);
    }
  }

  /** T14: process K1 as KK responder, send K2, enter R2. */
  private static boolean respond(ReferenceSession s, byte[] inner, long now) {
    ReferenceContext ctx = s.context;
    CryptoProvider crypto = ctx.crypto;
    SymmetricState sym = initialize(s, s.remoteStaticBytes, ctx.staticPublic);
    P384PublicKey xI = readEphemeral(sym, crypto, inner);
    if (xI == null) {
      return false;
    }
    mixDh(sym, crypto, ctx.config.staticKey(), xI); // es
    mixDh(sym, crypto, ctx.config.staticKey(), s.remoteStatic); // ss
    byte[] kid = new byte[4];
    if (!sym.decryptAndHash(PacketType.K1, 0, inner, 49, 20, kid, 0) || Kid.read(kid, 0) == 0) {
      return false;
    }
    int newKidI = Kid.read(kid, 0);
    P384KeyPair y = crypto.p384().generateKeyPair();
    byte[] yPub = y.publicKey().encoded();
    sym.mixHash(yPub);
    sym.mixKey(yPub);
    mixDh(sym, crypto, y, xI); // ee
    mixDh(sym, crypto, ctx.config.staticKey(), xI); // "se" AS IMPLEMENTED: DH(s_R, X_I) (B0)
    y.destroy();
    retireOther(s);
    int newKidR = ctx.newKid();
    byte[] inner2 = new byte[INNER_SIZE];
    System.arraycopy(yPub, 0, inner2, 0, 49);
    sym.encryptAndHash(PacketType.K2, 0, Kid.bytes(newKidR), 0, 4, inner2, 49);
    KeySet next = new KeySet(newKidR);
    RatchetPair replacement = derive(s, sym, next, newKidI, /* initiator= */ false, true);
    if (replacement == null) {
      return false;
    }
    ctx.registerKid(newKidR, s);
    s.other = next;
    s.otherIsNext = true;
    s.rekeyInner = inner2;
    s.rekeyInProgress = false;
    s.destroyRekeySecrets();
    s.enter(SessionState.R2, now);
    resendK2(s); // under the current (old) kek, to the old remote kid
    return true;
  }

  /** T16: process K2 as KK initiator, SWITCH, send C1 under the new keys, enter S1. */
  private static boolean complete(ReferenceSession s, byte[] inner, long now) {
    ReferenceContext ctx = s.context;
    CryptoProvider crypto = ctx.crypto;
    SymmetricState sym = s.rekeyState;
    P384PublicKey yR = readEphemeral(sym, crypto, inner);
    if (yR == null) {
      return false;
    }
    mixDh(sym, crypto, s.rekeyEphemeral, yR); // ee
    mixDh(sym, crypto, s.rekeyEphemeral, s.remoteStatic); // "se" AS IMPLEMENTED (B0)
    byte[] kid = new byte[4];
    if (!sym.decryptAndHash(PacketType.K2, 0, inner, 49, 20, kid, 0) || Kid.read(kid, 0) == 0) {
      return false;
    }
    RatchetPair replacement = derive(s, sym, s.other, Kid.read(kid, 0), true, false);
    if (replacement == null) {
      return false;
    }
    s.destroyRekeySecrets();
    SessionPackets.switchKeys(s);
    s.enter(SessionState.S1, now);
    s.sendControl(PacketType.C1, s.current);
    return true;
  }

  /**
   * ASKR, ASKK and Split; persists the new ratchet (CAS row 4: (N, state1) for the responder, row
   * 5: (N, none) for the initiator) and completes {@code next}. Null if the store refused.
   */
  private static RatchetPair derive(
      ReferenceSession s,
      SymmetricState sym,
      KeySet next,
      int sendKid,
      boolean initiator,
      boolean keepOld) {
    byte[][] ratchet = sym.getAsk(SymmetricState.LABEL_RATCHET);
    byte[][] kek = sym.getAsk(SymmetricState.LABEL_KEX_KEYS);
    byte[][] nk = sym.split();
    sym.destroy();
    RatchetState n = RatchetState.of(ratchet[0], ratchet[1], s.ratchet.state1().chainLength() + 1);
    RatchetPair replacement = RatchetPair.of(n, keepOld ? s.ratchet.state1() : null);
    try {
      if (!s.context.store.compareAndSwap(s.remoteStaticBytes, s.ratchet, replacement)) {
        return null;
      }
    } catch (RatchetStoreException e) {
      return null;
    } finally {
      SymmetricState.wipe(ratchet[0]);
    }
    // Output 1 protects responder → initiator traffic, output 2 initiator → responder (§5.5).
    int send = initiator ? 1 : 0;
    next.complete(
        s.context.crypto.aes256(), sendKid, kek[send], kek[1 - send], nk[send], nk[1 - send]);
    SymmetricState.wipe(kek[0], kek[1], nk[0], nk[1]);
    s.ratchet = replacement;
    return replacement;
  }

  /** Initialize(KK), MixHash(S_I), MixHash(S_R), psk0 = MixKeyAndHash(rk1). */
  private static SymmetricState initialize(ReferenceSession s, byte[] staticI, byte[] staticR) {
    SymmetricState sym =
        SymmetricState.initialize(
            s.context.crypto,
            ProtocolConstants.protocolNameBlock(ProtocolConstants.KK_PROTOCOL_NAME));
    sym.mixHash(staticI);
    sym.mixHash(staticR);
    byte[] rk = s.ratchet.state1().key();
    sym.mixKeyAndHash(rk);
    SymmetricState.wipe(rk);
    return sym;
  }

  /** Reads the 49-byte ephemeral at the start of an inner message: MixHash, MixKey, then parse. */
  private static P384PublicKey readEphemeral(
      SymmetricState sym, CryptoProvider crypto, byte[] inner) {
    byte[] e = Arrays.copyOfRange(inner, 0, 49);
    sym.mixHash(e);
    sym.mixKey(e);
    try {
      return crypto.p384().decodePublicKey(e);
    } catch (InvalidKeyException invalid) {
      return null;
    }
  }

  private static void mixDh(
      SymmetricState sym, CryptoProvider crypto, P384KeyPair priv, P384PublicKey pub) {
    byte[] shared = crypto.p384().agree(priv, pub);
    sym.mixKey(shared);
    SymmetricState.wipe(shared);
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
