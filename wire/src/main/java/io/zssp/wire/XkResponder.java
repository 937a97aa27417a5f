package io.zssp.wire;

import io.zssp.api.DropReason;
import io.zssp.api.ProtocolConstants;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStore;
import io.zssp.api.RatchetStoreException;
import io.zssp.crypto.Aes256Block;
import io.zssp.crypto.Aes256Gcm;
import io.zssp.crypto.ConstantTime;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.KemEncapsulation;
import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.function.IntSupplier;

/**
 * Bob's messages of the Noise XK handshake, byte for byte (ZSSP-SPEC §8.2, §8.4): reading X1,
 * building X2, reading X3. Pure functions: the caller owns the half-open entry, the ratchet lookup
 * (§9.5), the challenge policy and every decision. Random values are drawn in the canonical order
 * (ephemeral y, Kyber encapsulation, then the new key id).
 */
public final class XkResponder {
  private static final int X1_SIZE = ProtocolConstants.X1_SIZE_IN_BYTES;

  /** Largest X3: 81 bytes plus a 4096-byte identity (B23). */
  public static final int X3_MAX_SIZE =
      ProtocolConstants.X3_MIN_SIZE_IN_BYTES + ProtocolConstants.MAX_IDENTITY_SIZE_IN_BYTES;

  private XkResponder() {}

  /** What Bob learned from X1: a failure reason, or the state to continue with. */
  public static final class Hello {
    /** Null on success; otherwise why X1 was dropped. */
    public final DropReason failure;

    /** The symmetric state after X1 (owned by the caller, who destroys it on every path). */
    public final SymmetricState state;

    /** Alice's ephemeral x. */
    public final P384PublicKey x;

    /** Alice's Kyber public key. */
    public final byte[] kyberPublicKey;

    /** rf1 ‖ rf2 (64 bytes; a zero slot means none). */
    public final byte[] fingerprints;

    private Hello(
        DropReason failure,
        SymmetricState state,
        P384PublicKey x,
        byte[] kyberPublicKey,
        byte[] fingerprints) {
      this.failure = failure;
      this.state = state;
      this.x = x;
      this.kyberPublicKey = kyberPublicKey;
      this.fingerprints = fingerprints;
    }

    private static Hello failed(DropReason reason) {
      return new Hello(reason, null, null, null, null);
    }
  }

  /**
   * The cheap checks of an assembled X1, before any public-key work: its size, the header counter
   * (which must equal X1[1709..1717]) and a non-zero kid.
   *
   * @param headerCounter8 the fragment header's 8 counter bytes
   * @return null if X1 passes, else the drop reason
   */
  public static DropReason precheckX1(byte[] x1, byte[] headerCounter8, int counterOff) {
    if (x1.length != X1_SIZE) {
      return DropReason.WRONG_SIZE;
    }
    if (!ConstantTime.equals(headerCounter8, counterOff, x1, XkInitiator.X1_COUNTER_OFFSET, 8)) {
      return DropReason.INVALID_HEADER_NONCE;
    }
    if (Kid.read(x1, 0) == 0) {
      return DropReason.ZERO_KEY_ID;
    }
    return null;
  }

  /**
   * §8.2, first half: authenticates X1 (es), decrypts Alice's Kyber key and fingerprints, and
   * checks the Kyber key (B20).
   */
  public static Hello readX1(
      CryptoProvider crypto, P384KeyPair staticKey, byte[] staticPublic, byte[] x1) {
    P384 p384 = crypto.p384();
    SymmetricState sym =
        SymmetricState.initialize(
            crypto, ProtocolConstants.protocolNameBlock(ProtocolConstants.XK_PROTOCOL_NAME));
    boolean keep = false;
    try {
      sym.mixHash(x1, 0, 4);
      sym.mixHash(staticPublic);
      byte[] xPub = Arrays.copyOfRange(x1, 4, 53);
      sym.mixHash(xPub);
      sym.mixKey(xPub);
      P384PublicKey x;
      try {
        x = p384.decodePublicKey(xPub);
      } catch (InvalidKeyException e) {
        return Hello.failed(DropReason.INVALID_PUBLIC_KEY);
      }
      byte[] es = p384.agree(staticKey, x);
      sym.mixKey(es);
      SymmetricState.wipe(es);
      byte[] kyberPk = new byte[ProtocolConstants.KYBER_PUBLIC_KEY_SIZE_IN_BYTES];
      byte[] fingerprints = new byte[64];
      if (!sym.decryptAndHash(PacketType.X1, 0, x1, 53, kyberPk.length + 16, kyberPk, 0)
          || !sym.decryptAndHash(PacketType.X1, 1, x1, 1637, 80, fingerprints, 0)) {
        return Hello.failed(DropReason.AUTHENTICATION_FAILED);
      }
      if (!crypto.kyber1024().isValidPublicKey(kyberPk)) {
        return Hello.failed(DropReason.INVALID_PUBLIC_KEY); // B20: no encapsulation to it
      }
      keep = true;
      return new Hello(null, sym, x, kyberPk, fingerprints);
    } finally {
      if (!keep) {
        sym.destroy();
      }
    }
  }

  /**
   * §9.5: the stored ratchet state whose fingerprint X1 presents, rf1 first, then rf2 (the
   * canonical code looks up rf1 twice: bug B1); a zero slot is never looked up.
   *
   * @return the state, or null if neither fingerprint is known (the caller applies π1)
   */
  public static RatchetState findPsk(RatchetStore store, byte[] fingerprints)
      throws RatchetStoreException {
    for (int off = 0; off < 64; off += 32) {
      if (!ConstantTime.isZero(fingerprints, off, 32)) {
        RatchetState found =
            store.findByFingerprint(Arrays.copyOfRange(fingerprints, off, off + 32));
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** X2 and the half-open (B2) data it creates. The caller owns every field. */
  public static final class Response {
    /** The 1653-byte X2. */
    public final byte[] packet;

    /** The header counter: X2's last 3 bytes. */
    public final long headerCounter;

    /** The symmetric state after X2. */
    public final SymmetricState state;

    /** Bob's ephemeral y. */
    public final P384KeyPair ephemeral;

    /** Bob's new key id. */
    public final int kidB;

    /** Header protection for packets Bob sends (hk o1) and receives (hk o2). */
    public final Aes256Block hkSend;

    public final Aes256Block hkRecv;

    private Response(
        byte[] packet,
        SymmetricState state,
        P384KeyPair ephemeral,
        int kidB,
        Aes256Block hkSend,
        Aes256Block hkRecv) {
      this.packet = packet;
      int n = packet.length;
      this.headerCounter =
          ((packet[n - 3] & 0xffL) << 16)
              | ((packet[n - 2] & 0xffL) << 8)
              | (packet[n - 1] & 0xffL);
      this.state = state;
      this.ephemeral = ephemeral;
      this.kidB = kidB;
      this.hkSend = hkSend;
      this.hkRecv = hkRecv;
    }
  }

  /**
   * §8.2, second half: X2 keyed by the resolved {@code psk}. Consumes {@code hello.state} (it
   * becomes the response's state). {@code newKid} is asked for Bob's key id after the ephemeral key
   * and the encapsulation, as the canonical code does.
   */
  public static Response writeX2(
      CryptoProvider crypto, Hello hello, RatchetState psk, IntSupplier newKid) {
    P384 p384 = crypto.p384();
    SymmetricState sym = hello.state;
    byte[][] hk = sym.getAsk(SymmetricState.LABEL_HEADER_KEYS);
    P384KeyPair y = p384.generateKeyPair();
    byte[] yPub = y.publicKey().encoded();
    byte[] x2 = new byte[ProtocolConstants.X2_SIZE_IN_BYTES];
    System.arraycopy(yPub, 0, x2, 0, 49);
    sym.mixHash(yPub);
    sym.mixKey(yPub);
    byte[] ee = p384.agree(y, hello.x);
    sym.mixKey(ee);
    SymmetricState.wipe(ee);
    KemEncapsulation kem;
    try {
      kem = crypto.kyber1024().encapsulate(hello.kyberPublicKey);
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
    int kidB = newKid.getAsInt();
    sym.encryptAndHash(PacketType.X2, 0, Kid.bytes(kidB), 0, 4, x2, 1633);
    Aes256Block hkSend = crypto.aes256().newBlockEncryptor(hk[0]);
    Aes256Block hkRecv = crypto.aes256().newBlockDecryptor(hk[1]);
    SymmetricState.wipe(hk);
    return new Response(x2, sym, y, kidB, hkSend, hkRecv);
  }

  /** What Bob learned from X3: a failure reason, or Alice's static key, identity and the state. */
  public static final class Completion {
    /** Null on success; otherwise why X3 was refused. */
    public final DropReason failure;

    /** The symmetric state after X3 (owned by the caller, who destroys it). */
    public final SymmetricState state;

    /** Alice's static key, decoded and in its 49-byte encoding. */
    public final P384PublicKey remoteStatic;

    public final byte[] remoteStaticBytes;

    /** The identity blob Alice sent (0..4096 bytes). */
    public final byte[] identity;

    private Completion(
        DropReason failure,
        SymmetricState state,
        P384PublicKey remoteStatic,
        byte[] remoteStaticBytes,
        byte[] identity) {
      this.failure = failure;
      this.state = state;
      this.remoteStatic = remoteStatic;
      this.remoteStaticBytes = remoteStaticBytes;
      this.identity = identity;
    }

    private static Completion failed(DropReason reason) {
      return new Completion(reason, null, null, null, null);
    }
  }

  /** Whether an assembled X3's size is acceptable (81..4177, B23). */
  public static boolean x3SizeOk(int length) {
    return length >= ProtocolConstants.X3_MIN_SIZE_IN_BYTES && length <= X3_MAX_SIZE;
  }

  /**
   * §8.4: authenticates X3 against a copy of the half-open state {@code b2State} (which is not
   * changed) and Bob's ephemeral {@code y}.
   */
  public static Completion readX3(
      CryptoProvider crypto, SymmetricState b2State, P384KeyPair y, byte[] x3) {
    if (!x3SizeOk(x3.length)) {
      return Completion.failed(DropReason.WRONG_SIZE);
    }
    SymmetricState sym = b2State.copy();
    boolean keep = false;
    try {
      byte[] sPub = new byte[49];
      if (!sym.decryptAndHash(PacketType.X3, 1, x3, 0, 65, sPub, 0)) {
        return Completion.failed(DropReason.AUTHENTICATION_FAILED);
      }
      P384PublicKey remoteStatic;
      try {
        remoteStatic = crypto.p384().decodePublicKey(sPub);
      } catch (InvalidKeyException e) {
        return Completion.failed(DropReason.INVALID_PUBLIC_KEY);
      }
      byte[] se = crypto.p384().agree(y, remoteStatic);
      sym.mixKey(se);
      SymmetricState.wipe(se);
      byte[] identity = new byte[x3.length - 81];
      if (!sym.decryptAndHash(PacketType.X3, 0, x3, 65, x3.length - 65, identity, 0)) {
        return Completion.failed(DropReason.AUTHENTICATION_FAILED);
      }
      keep = true;
      return new Completion(null, sym, remoteStatic, sPub, identity);
    } finally {
      if (!keep) {
        sym.destroy();
      }
    }
  }

  /**
   * T7: the 16-byte D packet (the tag of an empty plaintext under kek o1 with nonce n(7, 0)), for
   * the state after an authenticated X3. {@code state} is not changed.
   */
  public static byte[] writeD(CryptoProvider crypto, SymmetricState state) {
    byte[][] kek = state.getAsk(SymmetricState.LABEL_KEX_KEYS);
    try {
      byte[] d = new byte[16];
      Aes256Gcm gcm = crypto.aes256().newGcm(kek[0]);
      try {
        gcm.seal(Nonces.gcm(PacketType.D, 0), null, d, 0, 0, d, 0);
      } finally {
        gcm.destroy();
      }
      return d;
    } finally {
      SymmetricState.wipe(kek);
    }
  }
}
