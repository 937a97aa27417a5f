package io.zssp.engine;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The optional caps on responder sessions ({@link EngineLimits#maxResponderSessions()}, {@link
 * EngineLimits#maxResponderSessionsPerPeer()}): a place is reserved when an authenticated X3 is
 * accepted, before the ratchet is written (so a refusal never advances the ratchet), handed to the
 * session it creates, and given back exactly once when that session leaves the context or the
 * handshake fails. Without a per-peer cap (the default) only the total is counted: no map entry per
 * session (it would cost about 190 bytes of heap per session). Thread-safe: one monitor, held for a
 * map update.
 */
final class SessionQuota {
  private final int max;
  private final int maxPerPeer;
  private final Map<ByteBuffer, int[]> perPeer = new HashMap<>();
  private int total;

  SessionQuota(int max, int maxPerPeer) {
    this.max = max;
    this.maxPerPeer = maxPerPeer;
  }

  /**
   * Takes a place for a session with {@code peerKey}; false if a cap is reached (nothing taken).
   */
  synchronized boolean reserve(byte[] peerKey) {
    if (total >= max) {
      return false;
    }
    if (maxPerPeer == Integer.MAX_VALUE) {
      total++;
      return true;
    }
    int[] n = perPeer.computeIfAbsent(ByteBuffer.wrap(peerKey.clone()), k -> new int[1]);
    if (n[0] >= maxPerPeer) {
      return false; // an entry at zero never exists: this one holds maxPerPeer >= 1
    }
    n[0]++;
    total++;
    return true;
  }

  /** Gives back a place taken by {@link #reserve}. */
  synchronized void release(byte[] peerKey) {
    if (maxPerPeer == Integer.MAX_VALUE) {
      if (total == 0) {
        throw new IllegalStateException("released a session place that was not reserved");
      }
      total--;
      return;
    }
    ByteBuffer key = ByteBuffer.wrap(peerKey);
    int[] n = perPeer.get(key);
    if (n == null) {
      throw new IllegalStateException("released a session place that was not reserved");
    }
    if (--n[0] == 0) {
      perPeer.remove(key);
    }
    total--;
  }

  synchronized int total() {
    return total;
  }
}
