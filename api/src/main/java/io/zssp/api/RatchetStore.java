package io.zssp.api;

/**
 * Persistent ratchet state, one {@link RatchetPair} per peer, where a peer is identified by its
 * static public key (its 49-byte compressed encoding). The rules of ZSSP-SPEC §9.3 are the
 * contract:
 *
 * <ul>
 *   <li>{@link #compareAndSwap} replaces a peer's pair atomically and only if the stored pair still
 *       equals {@code expected} (by fingerprints and state2 presence); it is durable when it
 *       returns true, because ZSSP sends the packet that lets the peer rely on the new ratchet
 *       right after.
 *   <li>A fingerprint index maps each non-zero fingerprint of a stored state to that state; writes
 *       add the new state1 fingerprint and remove the fingerprints of states no longer stored.
 *   <li>Failures throw {@link RatchetStoreException}; "no record" is never used to signal a
 *       failure.
 * </ul>
 *
 * Implementations must be thread-safe. {@link InMemoryRatchetStore} is the in-memory one.
 */
public interface RatchetStore {
  /**
   * The stored pair of a peer (restore by identity), or {@link RatchetPair#INITIAL} if none.
   *
   * @param peerStaticKey the peer's 49-byte compressed static public key (not retained)
   */
  RatchetPair load(byte[] peerStaticKey) throws RatchetStoreException;

  /**
   * The stored state whose fingerprint is {@code fingerprint} (restore by fingerprint), or null.
   * Never called with the all-zero fingerprint.
   */
  RatchetState findByFingerprint(byte[] fingerprint) throws RatchetStoreException;

  /**
   * Atomically replaces the peer's pair with {@code replacement} if the stored pair equals {@code
   * expected} (a missing record equals {@link RatchetPair#INITIAL}).
   *
   * @return true if written (durably), false on a conflict (nothing written)
   */
  boolean compareAndSwap(byte[] peerStaticKey, RatchetPair expected, RatchetPair replacement)
      throws RatchetStoreException;
}
