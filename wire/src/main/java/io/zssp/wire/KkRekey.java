package io.zssp.wire;

import io.zssp.api.ProtocolConstants;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.function.IntSupplier;

/**
 * The inner messages of the Noise KKpsk0 rekey, exactly as the canonical implementation builds them
 * (ZSSP-SPEC §8.5), including the message-2 "se" step that repeats the es secret (B0: copied on
 * purpose, it is on the wire). The 69-byte inner messages travel inside K1/K2, which the caller
 * seals under the current kek. Pure functions: the caller owns the session state.
 *
 * <p><b>Two ways to compute the key agreements</b>, with identical bytes on the wire. Literally
 * (the reference, {@code cachedSs == null}): four ECDH on the responder and four on the initiator,
 * as the canonical code does. Or with what repeats reused (the engine, {@code cachedSs} given): the
 * "se" step of each side is the value its own "es" step computed a moment earlier (B0), and "ss" is
 * the same for every rekey between two peers, so the caller computes it once ({@link
 * #staticShared}) and passes it in. That is two ECDH per side instead of four.
 */
public final class KkRekey {
  /** Size of an inner K1/K2 message: e (49) ‖ AEAD(kid) (20). */
  public static final int INNER_SIZE = 69;

  private KkRekey() {}

  /** The KK initiator's data between K1 and K2 (R1). Owned by the caller. */
  public static final class Offer {
    /** The 69-byte inner K1, re-sealed on every resend. */
    public final byte[] inner;

    /** The KK symmetric state after K1. */
    public final SymmetricState state;

    /** The initiator's ephemeral x_I. */
    public final P384KeyPair ephemeral;

    /** es = DH(x_I, S_R), kept for K2's "se" step when agreements are reused; else null. */
    private final byte[] es;

    private Offer(byte[] inner, SymmetricState state, P384KeyPair ephemeral, byte[] es) {
      this.inner = inner;
      this.state = state;
      this.ephemeral = ephemeral;
      this.es = es;
    }

    /** Wipes the KK state, the ephemeral and the kept es. */
    public void destroy() {
      state.destroy();
      ephemeral.destroy();
      if (es != null) {
        SymmetricState.wipe(es);
      }
    }
  }

  /**
   * ss = DH(s, S): the static-static secret every rekey between these two peers mixes (the same
   * value on both sides). The caller owns the returned array and wipes it when done.
   */
  public static byte[] staticShared(
      CryptoProvider crypto, P384KeyPair staticKey, P384PublicKey remoteStatic) {
    return crypto.p384().agree(staticKey, remoteStatic);
  }

  /**
   * K1 (T13): offers {@code newKidI} to the peer {@code remoteStatic}, keyed by the current ratchet
   * key {@code rk1}.
   *
   * @param cachedSs {@link #staticShared} for this pair of peers (agreements reused), or null to
   *     compute every agreement literally
   */
  public static Offer writeK1(
      CryptoProvider crypto,
      P384KeyPair staticKey,
      P384PublicKey remoteStatic,
      byte[] rk1,
      int newKidI,
      byte[] cachedSs) {
    SymmetricState sym =
        initialize(crypto, staticKey.publicKey().encoded(), remoteStatic.encoded(), rk1);
    P384KeyPair x = crypto.p384().generateKeyPair();
    byte[] xPub = x.publicKey().encoded();
    sym.mixHash(xPub);
    sym.mixKey(xPub);
    byte[] es = crypto.p384().agree(x, remoteStatic);
    sym.mixKey(es); // es
    mixSs(sym, crypto, staticKey, remoteStatic, cachedSs); // ss
    byte[] inner = new byte[INNER_SIZE];
    System.arraycopy(xPub, 0, inner, 0, 49);
    sym.encryptAndHash(PacketType.K1, 0, Kid.bytes(newKidI), 0, 4, inner, 49);
    if (cachedSs == null) {
      SymmetricState.wipe(es);
      es = null;
    }
    return new Offer(inner, sym, x, es);
  }

  /** The KK responder's answer to K1: the inner K2 and the state to derive the new keys from. */
  public static final class Answer {
    /** The peer's new key id (sent in K1); the new set's send kid. */
    public final int newKidI;

    /** Our new key id (sent in K2); the new set's recv kid. */
    public final int newKidR;

    /** The 69-byte inner K2, re-sealed on every resend. */
    public final byte[] inner;

    /** The state after K2, for {@link NewKeys#derive}. */
    public final SymmetricState state;

    private Answer(int newKidI, int newKidR, byte[] inner, SymmetricState state) {
      this.newKidI = newKidI;
      this.newKidR = newKidR;
      this.inner = inner;
      this.state = state;
    }
  }

  /**
   * T14: reads the inner K1 from the peer {@code remoteStatic} and builds the inner K2. {@code
   * newKid} is asked for our new key id after the ephemeral key (the canonical order).
   *
   * @param cachedSs {@link #staticShared} for this pair of peers (agreements reused), or null to
   *     compute every agreement literally
   * @return null if the inner message fails (invalid key, authentication, zero kid): T19
   */
  public static Answer readK1WriteK2(
      CryptoProvider crypto,
      P384KeyPair staticKey,
      P384PublicKey remoteStatic,
      byte[] rk1,
      byte[] innerK1,
      IntSupplier newKid,
      byte[] cachedSs) {
    if (innerK1.length != INNER_SIZE) {
      return null;
    }
    SymmetricState sym =
        initialize(crypto, remoteStatic.encoded(), staticKey.publicKey().encoded(), rk1);
    boolean keep = false;
    byte[] es = null;
    try {
      P384PublicKey xI = readEphemeral(sym, crypto, innerK1);
      if (xI == null) {
        return null;
      }
      es = crypto.p384().agree(staticKey, xI);
      sym.mixKey(es); // es
      mixSs(sym, crypto, staticKey, remoteStatic, cachedSs); // ss
      byte[] kid = new byte[4];
      if (!sym.decryptAndHash(PacketType.K1, 0, innerK1, 49, 20, kid, 0) || Kid.read(kid, 0) == 0) {
        return null;
      }
      P384KeyPair y = crypto.p384().generateKeyPair();
      byte[] yPub = y.publicKey().encoded();
      sym.mixHash(yPub);
      sym.mixKey(yPub);
      mixDh(sym, crypto, y, xI); // ee
      if (cachedSs != null) {
        sym.mixKey(es); // "se" AS IMPLEMENTED: DH(s_R, X_I) = es (B0), reused
      } else {
        mixDh(sym, crypto, staticKey, xI); // "se" AS IMPLEMENTED: DH(s_R, X_I) (B0)
      }
      y.destroy();
      int newKidR = newKid.getAsInt();
      byte[] inner2 = new byte[INNER_SIZE];
      System.arraycopy(yPub, 0, inner2, 0, 49);
      sym.encryptAndHash(PacketType.K2, 0, Kid.bytes(newKidR), 0, 4, inner2, 49);
      keep = true;
      return new Answer(Kid.read(kid, 0), newKidR, inner2, sym);
    } finally {
      if (es != null) {
        SymmetricState.wipe(es);
      }
      if (!keep) {
        sym.destroy();
      }
    }
  }

  /**
   * T16: reads the inner K2 against the initiator's {@code offer} (whose state it advances).
   *
   * @return the responder's new key id, or 0 if the inner message fails (T19)
   */
  public static int readK2(
      CryptoProvider crypto, Offer offer, P384PublicKey remoteStatic, byte[] innerK2) {
    if (innerK2.length != INNER_SIZE) {
      return 0;
    }
    SymmetricState sym = offer.state;
    P384PublicKey yR = readEphemeral(sym, crypto, innerK2);
    if (yR == null) {
      return 0;
    }
    mixDh(sym, crypto, offer.ephemeral, yR); // ee
    if (offer.es != null) {
      sym.mixKey(offer.es); // "se" AS IMPLEMENTED: DH(x_I, S_R) = es (B0), reused
    } else {
      mixDh(sym, crypto, offer.ephemeral, remoteStatic); // "se" AS IMPLEMENTED (B0)
    }
    byte[] kid = new byte[4];
    if (!sym.decryptAndHash(PacketType.K2, 0, innerK2, 49, 20, kid, 0)) {
      return 0;
    }
    return Kid.read(kid, 0);
  }

  /** Initialize(KK), MixHash(S_I), MixHash(S_R), psk0 = MixKeyAndHash(rk1). */
  private static SymmetricState initialize(
      CryptoProvider crypto, byte[] staticI, byte[] staticR, byte[] rk1) {
    SymmetricState sym =
        SymmetricState.initialize(
            crypto, ProtocolConstants.protocolNameBlock(ProtocolConstants.KK_PROTOCOL_NAME));
    sym.mixHash(staticI);
    sym.mixHash(staticR);
    sym.mixKeyAndHash(rk1);
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

  private static void mixSs(
      SymmetricState sym,
      CryptoProvider crypto,
      P384KeyPair staticKey,
      P384PublicKey remoteStatic,
      byte[] cachedSs) {
    if (cachedSs != null) {
      sym.mixKey(cachedSs);
    } else {
      mixDh(sym, crypto, staticKey, remoteStatic);
    }
  }

  private static void mixDh(
      SymmetricState sym, CryptoProvider crypto, P384KeyPair priv, P384PublicKey pub) {
    byte[] shared = crypto.p384().agree(priv, pub);
    sym.mixKey(shared);
    SymmetricState.wipe(shared);
  }
}
