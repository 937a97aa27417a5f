package io.zssp.wire;

import io.zssp.api.DropReason;
import io.zssp.api.ProtocolConstants;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.crypto.Aes256Block;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.KemKeyPair;
import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import java.security.InvalidKeyException;
import java.util.Arrays;

/**
 * Alice's messages of the Noise XK handshake, byte for byte (ZSSP-SPEC §8.1, §8.3, §9.6): building
 * X1, reading X2 with the PSK trials, and building X3. Pure functions of their inputs: the caller
 * owns every state and decides every transition. The random values are drawn in the canonical order
 * (ephemeral, Kyber key pair, null-response bytes), which the transcripts check.
 */
public final class XkInitiator {
  /** X1 without its 32-byte challenge trailer: 1717 bytes. */
  public static final int X1_NOISE_SIZE =
      ProtocolConstants.X1_SIZE_IN_BYTES - ProtocolConstants.CHALLENGE_RESPONSE_SIZE_IN_BYTES;

  /** X1[1709..1717]: the last 8 bytes of the rf tag are the header counter. */
  public static final int X1_COUNTER_OFFSET = X1_NOISE_SIZE - 8;

  /** Where the 8-byte pow field of X1's challenge trailer starts. */
  public static final int X1_POW_OFFSET = X1_NOISE_SIZE + Zcp.POW_OFFSET;

  private static final int X2_SIZE = ProtocolConstants.X2_SIZE_IN_BYTES;

  private XkInitiator() {}

  /** Everything Alice keeps from building X1 (the A1 data of §11.1). The caller owns it all. */
  public static final class Hello {
    /** The 1749-byte X1, trailer included (a null response); the caller may rewrite the trailer. */
    public final byte[] packet;

    /** The header counter, equal to X1[1709..1717]. */
    public final long headerCounter;

    /** The symmetric state after X1. */
    public final SymmetricState state;

    /** The Noise e. */
    public final P384KeyPair ephemeral;

    /** The hybrid e1. */
    public final KemKeyPair kyber;

    /** Header protection for packets Alice sends (hk o2) and receives (hk o1). */
    public final Aes256Block hkSend;

    public final Aes256Block hkRecv;

    private Hello(
        byte[] packet,
        SymmetricState state,
        P384KeyPair ephemeral,
        KemKeyPair kyber,
        Aes256Block hkSend,
        Aes256Block hkRecv) {
      this.packet = packet;
      this.headerCounter = Nonces.readU64(packet, X1_COUNTER_OFFSET);
      this.state = state;
      this.ephemeral = ephemeral;
      this.kyber = kyber;
      this.hkSend = hkSend;
      this.hkRecv = hkRecv;
    }

    /**
     * Wipes the handshake secrets (e, e1, the symmetric state); the header keys are not touched.
     */
    public void destroy() {
      ephemeral.destroy();
      kyber.destroy();
      state.destroy();
    }
  }

  /**
   * §8.1: X1 to {@code remoteStatic} from key id {@code kidA}, presenting the fingerprints of
   * {@code ratchet}.
   */
  public static Hello writeX1(
      CryptoProvider crypto, int kidA, P384PublicKey remoteStatic, RatchetPair ratchet) {
    SymmetricState sym =
        SymmetricState.initialize(
            crypto, ProtocolConstants.protocolNameBlock(ProtocolConstants.XK_PROTOCOL_NAME));
    byte[] kidABytes = Kid.bytes(kidA);
    sym.mixHash(kidABytes);
    sym.mixHash(remoteStatic.encoded());
    P384KeyPair x = crypto.p384().generateKeyPair();
    byte[] xPub = x.publicKey().encoded();
    sym.mixHash(xPub);
    sym.mixKey(xPub);
    byte[] es = crypto.p384().agree(x, remoteStatic);
    sym.mixKey(es);
    SymmetricState.wipe(es);
    KemKeyPair kyber = crypto.kyber1024().generateKeyPair();

    byte[] packet = new byte[ProtocolConstants.X1_SIZE_IN_BYTES];
    System.arraycopy(kidABytes, 0, packet, 0, 4);
    System.arraycopy(xPub, 0, packet, 4, 49);
    byte[] kyberPk = kyber.publicKey();
    int pos = 53 + sym.encryptAndHash(PacketType.X1, 0, kyberPk, 0, kyberPk.length, packet, 53);
    byte[] fingerprints = new byte[64];
    ratchet.state1().writeFingerprint(fingerprints, 0);
    if (ratchet.state2() != null) {
      ratchet.state2().writeFingerprint(fingerprints, 32);
    }
    sym.encryptAndHash(PacketType.X1, 1, fingerprints, 0, 64, packet, pos);
    // Null challenge response: 0^24 ‖ 8 random bytes.
    crypto.random().nextBytes(packet, X1_POW_OFFSET, 8);

    byte[][] hk = sym.getAsk(SymmetricState.LABEL_HEADER_KEYS);
    Aes256Block hkRecv = crypto.aes256().newBlockDecryptor(hk[0]);
    Aes256Block hkSend = crypto.aes256().newBlockEncryptor(hk[1]);
    SymmetricState.wipe(hk);
    return new Hello(packet, sym, x, kyber, hkSend, hkRecv);
  }

  /** The outcome of {@link #readX2}: either a failure reason or the accepted state. */
  public static final class Response {
    /** Null on success; otherwise why X2 was refused (see {@link #isAuthenticationFailure()}). */
    public final DropReason failure;

    /** The state after X2 keyed by the accepted PSK; null on failure. */
    public final SymmetricState state;

    /** Bob's ephemeral y. */
    public final P384PublicKey y;

    /** Bob's key id (from X2's encrypted tail). */
    public final int kidB;

    /** The ratchet state whose key was the PSK (rk1, rk2 or the zero key). */
    public final RatchetState psk;

    /** The stored state to keep beside the new one: state1 if rk1 was used, else state2. */
    public final RatchetState kept;

    /** The zero-key fallback succeeded: ratchet continuity lost (DowngradedRatchetKey). */
    public final boolean downgrade;

    private Response(
        DropReason failure,
        SymmetricState state,
        P384PublicKey y,
        int kidB,
        RatchetState psk,
        RatchetState kept,
        boolean downgrade) {
      this.failure = failure;
      this.state = state;
      this.y = y;
      this.kidB = kidB;
      this.psk = psk;
      this.kept = kept;
      this.downgrade = downgrade;
    }

    static Response failed(DropReason reason) {
      return new Response(reason, null, null, 0, null, null, false);
    }

    /**
     * Whether the failure is an authentication failure (T4: restart with backoff), as opposed to a
     * malformed packet that is merely dropped.
     */
    public boolean isAuthenticationFailure() {
      return failure == DropReason.AUTHENTICATION_FAILED
          || failure == DropReason.INVALID_PUBLIC_KEY;
    }
  }

  /**
   * §8.3 and §9.6: reads an assembled X2 against Alice's A1 data. The PSK trials use rk1, rk2 if
   * present, then the zero key unless {@code disallowDowngrade} (π2). {@code hello} is not changed.
   *
   * @param headerCounter the X2 fragment header's counter, which must equal X2's last 3 bytes
   */
  public static Response readX2(
      CryptoProvider crypto,
      Hello hello,
      RatchetPair ratchet,
      boolean disallowDowngrade,
      byte[] x2,
      long headerCounter) {
    if (x2.length != X2_SIZE) {
      return Response.failed(DropReason.WRONG_SIZE);
    }
    long tail =
        ((x2[X2_SIZE - 3] & 0xffL) << 16)
            | ((x2[X2_SIZE - 2] & 0xffL) << 8)
            | (x2[X2_SIZE - 1] & 0xffL);
    if (headerCounter != tail) {
      return Response.failed(DropReason.INVALID_HEADER_NONCE);
    }
    P384 p384 = crypto.p384();
    SymmetricState sym = hello.state.copy();
    try {
      byte[] yPub = Arrays.copyOfRange(x2, 0, 49);
      sym.mixHash(yPub);
      sym.mixKey(yPub);
      P384PublicKey y;
      try {
        y = p384.decodePublicKey(yPub);
      } catch (InvalidKeyException e) {
        return Response.failed(DropReason.INVALID_PUBLIC_KEY);
      }
      byte[] ee = p384.agree(hello.ephemeral, y);
      sym.mixKey(ee);
      SymmetricState.wipe(ee);
      byte[] kyberCt = new byte[ProtocolConstants.KYBER_CIPHERTEXT_SIZE_IN_BYTES];
      if (!sym.decryptAndHash(PacketType.X2, 0, x2, 49, kyberCt.length + 16, kyberCt, 0)) {
        return Response.failed(DropReason.AUTHENTICATION_FAILED);
      }
      byte[] ss;
      try {
        ss = crypto.kyber1024().decapsulate(hello.kyber, kyberCt);
      } catch (InvalidKeyException e) {
        throw new IllegalStateException("Kyber key pair unusable in A1", e);
      }
      sym.mixKey(ss);
      SymmetricState.wipe(ss);

      RatchetState[] candidates = {
        ratchet.state1(), ratchet.state2(), disallowDowngrade ? null : RatchetState.ZERO
      };
      byte[] kid = new byte[4];
      for (int i = 0; i < candidates.length; i++) {
        if (candidates[i] == null) {
          continue;
        }
        SymmetricState trial = sym.copy();
        byte[] psk = candidates[i].key();
        trial.mixKeyAndHash(psk);
        SymmetricState.wipe(psk);
        if (trial.decryptAndHash(PacketType.X2, 0, x2, 1633, 20, kid, 0) && Kid.read(kid, 0) != 0) {
          // A success with the zero FALLBACK (not a zero state1 tried first) is a downgrade.
          RatchetState kept = i == 0 ? ratchet.state1() : ratchet.state2();
          return new Response(null, trial, y, Kid.read(kid, 0), candidates[i], kept, i == 2);
        }
        trial.destroy();
      }
      return Response.failed(DropReason.AUTHENTICATION_FAILED);
    } finally {
      sym.destroy();
    }
  }

  /** X3 and the keys it completes. */
  public static final class Completion {
    /** The X3 packet (81 + |identity| bytes). */
    public final byte[] packet;

    /** The new ratchet state and key generation; the caller wipes it. */
    public final NewKeys keys;

    private Completion(byte[] packet, NewKeys keys) {
      this.packet = packet;
      this.keys = keys;
    }
  }

  /**
   * §8.3, second half: builds X3 carrying Alice's static key and {@code identity} and derives the
   * session keys. {@code response.state} is destroyed.
   */
  public static Completion writeX3(
      CryptoProvider crypto, P384KeyPair staticKey, Response response, byte[] identity) {
    SymmetricState sym = response.state;
    byte[] staticPub = staticKey.publicKey().encoded();
    byte[] packet = new byte[ProtocolConstants.X3_MIN_SIZE_IN_BYTES + identity.length];
    int pos = sym.encryptAndHash(PacketType.X3, 1, staticPub, 0, 49, packet, 0);
    byte[] se = crypto.p384().agree(staticKey, response.y);
    sym.mixKey(se);
    SymmetricState.wipe(se);
    sym.encryptAndHash(PacketType.X3, 0, identity, 0, identity.length, packet, pos);
    return new Completion(packet, NewKeys.derive(sym, response.psk.chainLength()));
  }
}
