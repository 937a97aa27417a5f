package io.zssp.wire;

import io.zssp.api.RatchetState;
import io.zssp.crypto.Aes256;
import io.zssp.crypto.Aes256Gcm;

/**
 * What a completed Noise handshake (XK or KK) yields (ZSSP-SPEC §5.5, §8.4, §8.5): the next ratchet
 * state (ASKR), and the four 32-byte keys of a new key generation, kek (ASKK) and nk (Split).
 * Output 1 of each pair protects responder → initiator traffic, output 2 initiator → responder.
 *
 * <p>Owned by the caller, who must {@link #wipe()} it once the keys are installed.
 */
public final class NewKeys {
  /** The next ratchet state, chain length = the PSK's + 1. */
  public final RatchetState ratchet;

  private final byte[] kek1;
  private final byte[] kek2;
  private final byte[] nk1;
  private final byte[] nk2;

  private NewKeys(RatchetState ratchet, byte[] kek1, byte[] kek2, byte[] nk1, byte[] nk2) {
    this.ratchet = ratchet;
    this.kek1 = kek1;
    this.kek2 = kek2;
    this.nk1 = nk1;
    this.nk2 = nk2;
  }

  /**
   * ASKR, ASKK and Split of {@code sym}, which is destroyed afterwards.
   *
   * @param pskChainLength chain length of the ratchet state that keyed this handshake
   */
  public static NewKeys derive(SymmetricState sym, long pskChainLength) {
    try {
      byte[][] ratchet = sym.getAsk(SymmetricState.LABEL_RATCHET);
      byte[][] kek = sym.getAsk(SymmetricState.LABEL_KEX_KEYS);
      byte[][] nk = sym.split();
      RatchetState next = RatchetState.of(ratchet[0], ratchet[1], pskChainLength + 1);
      SymmetricState.wipe(ratchet[0]);
      return new NewKeys(next, kek[0], kek[1], nk[0], nk[1]);
    } finally {
      sym.destroy();
    }
  }

  /** kek_send for this side: output 2 for the initiator, output 1 for the responder. */
  public Aes256Gcm kekSend(Aes256 aes, boolean initiator) {
    return aes.newGcm(initiator ? kek2 : kek1);
  }

  /** kek_recv for this side. */
  public Aes256Gcm kekRecv(Aes256 aes, boolean initiator) {
    return aes.newGcm(initiator ? kek1 : kek2);
  }

  /** nk_send for this side. */
  public Aes256Gcm nkSend(Aes256 aes, boolean initiator) {
    return aes.newGcm(initiator ? nk2 : nk1);
  }

  /** nk_recv for this side. */
  public Aes256Gcm nkRecv(Aes256 aes, boolean initiator) {
    return aes.newGcm(initiator ? nk1 : nk2);
  }

  /** Zeroizes the four keys (the ratchet state's key is the caller's to keep). */
  public void wipe() {
    SymmetricState.wipe(kek1, kek2, nk1, nk2);
  }
}
