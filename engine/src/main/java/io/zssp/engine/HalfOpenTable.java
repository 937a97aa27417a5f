package io.zssp.engine;

import io.zssp.api.PeerAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bounded table of half-open responder handshakes (B2 entries, ZSSP-SPEC §15.2; fixes B7):
 * lifetime {@code b2Lifetime}, a total capacity and a quota per source host (the IP address; for
 * IPv6 its first ContextConfig.quotaIpv6PrefixBits, 64 by default; the port does not count). When
 * full: expired entries first, then the source's oldest, then the oldest overall. An X3 claims its
 * entry exactly once (B12: a transient storage failure gives the claim back). Live entries are also
 * found by their X1's header counter, so that an identical X1 copy costs a lookup instead of a
 * handshake (§14.2).
 *
 * <p>Thread-safe through one lock held only for these bookkeeping steps. Entries that leave the
 * table are returned to the caller, which destroys them and releases their kids outside the lock.
 * Once {@linkplain #clear() cleared} (the context closed) the table refuses every entry.
 */
final class HalfOpenTable {
  private final LinkedHashMap<Integer, HalfOpen> byKid = new LinkedHashMap<>();
  private final Map<PeerAddress, Integer> perSource = new HashMap<>();

  /** Live entries by their X1's header counter, for de-duplication (§14.2); the first one wins. */
  private final Map<Long, HalfOpen> byX1Nonce = new HashMap<>();

  private final int capacity;
  private final int perSourceQuota;
  private final long lifetimeMillis;

  /** How much of an IPv6 source counts as one host for the quota. */
  private final int ipv6PrefixBits;

  private boolean closed;

  HalfOpenTable(int capacity, int perSourceQuota, long lifetimeMillis, int ipv6PrefixBits) {
    this.ipv6PrefixBits = ipv6PrefixBits;
    this.capacity = capacity;
    this.perSourceQuota = perSourceQuota;
    this.lifetimeMillis = lifetimeMillis;
  }

  synchronized int size() {
    return byKid.size();
  }

  boolean isExpired(HalfOpen b, long now) {
    return now - b.createdAt >= lifetimeMillis;
  }

  /**
   * Adds an entry, making room first.
   *
   * @return the entries that left the table to make room (expired or evicted live ones); {@code b}
   *     itself if the table is closed
   */
  synchronized List<HalfOpen> add(HalfOpen b, long now) {
    List<HalfOpen> out = new ArrayList<>();
    if (closed) {
      out.add(b);
      return out;
    }
    expireLocked(now, out);
    PeerAddress host = host(b.source);
    if (perSource.getOrDefault(host, 0) >= perSourceQuota) {
      evictOldest(host, out);
    }
    if (byKid.size() >= capacity) {
      evictOldest(null, out);
    }
    putLocked(b);
    return out;
  }

  /**
   * Claims a live entry for X3 processing: it leaves the table, and no other thread can claim it.
   *
   * @return false if it is gone, expired or already claimed
   */
  synchronized boolean claim(HalfOpen b, long now) {
    if (b.claimed || isExpired(b, now) || byKid.get(b.kidB) != b) {
      return false;
    }
    removeLocked(b);
    b.claimed = true;
    return true;
  }

  /**
   * Gives a claim back (after a transient storage error at X3, B12): the entry is live again, under
   * the same bounds as a new one.
   *
   * @return the entries to discard: evicted ones, or {@code b} itself if it has expired meanwhile
   *     or the table is closed
   */
  synchronized List<HalfOpen> unclaim(HalfOpen b, long now) {
    b.claimed = false;
    if (isExpired(b, now)) {
      List<HalfOpen> out = new ArrayList<>();
      out.add(b);
      return out;
    }
    return add(b, now);
  }

  /**
   * The live, unclaimed entry created from an X1 with this header counter, or null. The caller
   * still compares the X1 itself ({@link HalfOpen#x1}).
   */
  synchronized HalfOpen findByX1Nonce(long nonce, long now) {
    HalfOpen b = byX1Nonce.get(nonce);
    return b == null || b.claimed || isExpired(b, now) ? null : b;
  }

  /** Removes and returns every entry past its lifetime. */
  synchronized List<HalfOpen> expire(long now) {
    if (byKid.isEmpty()) {
      return List.of(); // the common case allocates nothing
    }
    List<HalfOpen> out = new ArrayList<>();
    expireLocked(now, out);
    return out;
  }

  /** When the earliest entry expires, or {@link Long#MAX_VALUE}. */
  synchronized long nextExpiry() {
    long next = Long.MAX_VALUE;
    for (HalfOpen b : byKid.values()) {
      next = Math.min(next, b.createdAt + lifetimeMillis);
    }
    return next;
  }

  /** Removes and returns every entry, and refuses new ones from now on (the context closed). */
  synchronized List<HalfOpen> clear() {
    closed = true;
    List<HalfOpen> out = new ArrayList<>(byKid.values());
    byKid.clear();
    perSource.clear();
    byX1Nonce.clear();
    return out;
  }

  private void expireLocked(long now, List<HalfOpen> out) {
    // Entries are nearly in creation order, but not exactly (X1s finish their crypto in any order;
    // a claim given back goes to the end): every entry is looked at (at most the capacity).
    for (Iterator<HalfOpen> it = byKid.values().iterator(); it.hasNext(); ) {
      HalfOpen b = it.next();
      if (isExpired(b, now)) {
        it.remove();
        forgetIndexes(b);
        out.add(b);
      }
    }
  }

  private void evictOldest(PeerAddress host, List<HalfOpen> out) {
    HalfOpen oldest = null;
    for (HalfOpen old : byKid.values()) {
      if ((host == null || host(old.source).equals(host))
          && (oldest == null || old.createdAt < oldest.createdAt)) {
        oldest = old;
      }
    }
    if (oldest != null) {
      removeLocked(oldest);
      out.add(oldest);
    }
  }

  private void putLocked(HalfOpen b) {
    byKid.put(b.kidB, b);
    byX1Nonce.putIfAbsent(b.x1Nonce, b);
    perSource.merge(host(b.source), 1, Integer::sum);
  }

  private void removeLocked(HalfOpen b) {
    if (byKid.remove(b.kidB, b)) {
      forgetIndexes(b);
    }
  }

  private void forgetIndexes(HalfOpen b) {
    byX1Nonce.remove(b.x1Nonce, b);
    perSource.computeIfPresent(host(b.source), (k, n) -> n > 1 ? n - 1 : null);
  }

  private PeerAddress host(PeerAddress source) {
    return source.host(ipv6PrefixBits);
  }
}
