package io.zssp.api;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link RatchetStore} in memory, for tests, simulations and applications that accept losing
 * ratchet continuity on restart. Thread-safe (one lock; operations are short).
 */
public final class InMemoryRatchetStore implements RatchetStore {
  private final Map<ByteBuffer, RatchetPair> byPeer = new HashMap<>();
  private final Map<ByteBuffer, RatchetState> byFingerprint = new HashMap<>();

  @Override
  public synchronized RatchetPair load(byte[] peerStaticKey) {
    return byPeer.getOrDefault(ByteBuffer.wrap(peerStaticKey.clone()), RatchetPair.INITIAL);
  }

  @Override
  public synchronized RatchetState findByFingerprint(byte[] fingerprint) {
    return byFingerprint.get(ByteBuffer.wrap(fingerprint.clone()));
  }

  @Override
  public synchronized boolean compareAndSwap(
      byte[] peerStaticKey, RatchetPair expected, RatchetPair replacement) {
    ByteBuffer peer = ByteBuffer.wrap(peerStaticKey.clone());
    RatchetPair current = byPeer.getOrDefault(peer, RatchetPair.INITIAL);
    if (!current.equals(expected)) {
      return false;
    }
    byPeer.put(peer, replacement);
    unindex(current);
    index(replacement);
    return true;
  }

  /** Stores a pair unconditionally (test and bootstrap helper, e.g. for an OTP-derived state). */
  public synchronized void put(byte[] peerStaticKey, RatchetPair pair) {
    ByteBuffer peer = ByteBuffer.wrap(peerStaticKey.clone());
    RatchetPair old = byPeer.put(peer, pair);
    if (old != null) {
      unindex(old);
    }
    index(pair);
  }

  private void index(RatchetPair pair) {
    indexState(pair.state1());
    indexState(pair.state2());
  }

  private void indexState(RatchetState s) {
    if (s != null && !s.isZero()) {
      byFingerprint.put(ByteBuffer.wrap(s.fingerprint()), s);
    }
  }

  /** Removes the pair's fingerprints from the index unless another stored pair still holds them. */
  private void unindex(RatchetPair pair) {
    for (RatchetState s : new RatchetState[] {pair.state1(), pair.state2()}) {
      if (s != null
          && byPeer.values().stream().noneMatch(p -> p.containsFingerprint(s.fingerprint()))) {
        byFingerprint.remove(ByteBuffer.wrap(s.fingerprint()));
      }
    }
  }
}
