package io.zssp.wire;

import io.zssp.crypto.Aes256;
import io.zssp.crypto.Aes256Gcm;

/**
 * The keys of one key generation as seen from one side (ZSSP-SPEC §1.4, §11.2): the local recv kid,
 * the peer's kid (send kid), and GCM contexts for kek and nk in both directions. A set may be
 * partial: a pending/next set holds only its recv kid until the handshake or rekey completes. Owned
 * by one session and used under its owner's serialization; {@link #destroy()} zeroizes what the JVM
 * allows.
 */
public final class KeySet {
  public final int recvKid;
  public int sendKid;
  public Aes256Gcm kekSend;
  public Aes256Gcm kekRecv;
  public Aes256Gcm nkSend;
  public Aes256Gcm nkRecv;

  /** Packets encrypted under this set's send keys since it became the current send set. */
  public long uses;

  public KeySet(int recvKid) {
    this.recvKid = recvKid;
  }

  /**
   * Completes the set with the peer's kid and the new keys, oriented for this side's role in the
   * handshake that derived them ({@code keys} stays the caller's to wipe).
   */
  public void complete(Aes256 aes, int sendKid, NewKeys keys, boolean initiator) {
    this.sendKid = sendKid;
    this.kekSend = keys.kekSend(aes, initiator);
    this.kekRecv = keys.kekRecv(aes, initiator);
    this.nkSend = keys.nkSend(aes, initiator);
    this.nkRecv = keys.nkRecv(aes, initiator);
  }

  public boolean isComplete() {
    return kekRecv != null;
  }

  /** Drops the send keys only (a previous set is kept for receiving late packets). */
  public void destroySendKeys() {
    if (kekSend != null) {
      kekSend.destroy();
      kekSend = null;
    }
    if (nkSend != null) {
      nkSend.destroy();
      nkSend = null;
    }
  }

  public void destroy() {
    destroySendKeys();
    if (kekRecv != null) {
      kekRecv.destroy();
      kekRecv = null;
    }
    if (nkRecv != null) {
      nkRecv.destroy();
      nkRecv = null;
    }
  }
}
