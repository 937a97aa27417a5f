package io.zssp.reference;

import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetState;
import io.zssp.crypto.ConstantTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The bounded table of half-open responder handshakes (B2 entries, ZSSP-SPEC §15.2), by Bob's kid.
 * Lifetime {@code b2LifetimeMillis}; a total capacity and a quota per source host ({@link
 * PeerAddress#host(int)}: the IP address, IPv6 its configured prefix, not the port); when full,
 * expired entries go first, then the source's oldest, then the oldest overall (fixing B7). Entries
 * leaving the table through expiry or eviction are destroyed here; a claimed entry ({@link
 * #remove}) belongs to the caller. Entries are destroyed through the context's {@code discard}
 * callback, which also accounts for the failed handshake. Not thread-safe: owned by one {@link
 * ReferenceContext}.
 */
final class HalfOpenTable {
  private final LinkedHashMap<Integer, HalfOpen> byKid = new LinkedHashMap<>();
  private final Map<PeerAddress, Integer> perSource = new HashMap<>();
  private final int capacity;
  private final int perSourceQuota;
  private final long lifetimeMillis;

  /** How much of an IPv6 source counts as one host for the quota. */
  private final int ipv6PrefixBits;

  /** Destroys an entry that leaves the table unclaimed (and counts its handshake as failed). */
  private final Consumer<HalfOpen> discard;

  HalfOpenTable(
      int capacity,
      int perSourceQuota,
      long lifetimeMillis,
      int ipv6PrefixBits,
      Consumer<HalfOpen> discard) {
    this.discard = discard;
    this.ipv6PrefixBits = ipv6PrefixBits;
    this.capacity = capacity;
    this.perSourceQuota = perSourceQuota;
    this.lifetimeMillis = lifetimeMillis;
  }

  int size() {
    return byKid.size();
  }

  boolean containsKid(int kid) {
    return byKid.containsKey(kid);
  }

  /** The live entry for {@code kid}, or null; an entry past its lifetime is discarded (B7). */
  HalfOpen get(int kid, long now) {
    HalfOpen b = byKid.get(kid);
    if (b != null && isExpired(b, now)) {
      remove(b);
      discard.accept(b);
      return null;
    }
    return b;
  }

  /**
   * Adds an entry, making room first.
   *
   * @return the live entries evicted to make room (already destroyed), for drop accounting
   */
  List<HalfOpen> add(HalfOpen b, long now) {
    expire(now);
    List<HalfOpen> evicted = new ArrayList<>();
    if (perSource.getOrDefault(host(b.source), 0) >= perSourceQuota) {
      evictOldest(host(b.source), evicted);
    }
    if (byKid.size() >= capacity) {
      evictOldest(null, evicted);
    }
    readd(b);
    return evicted;
  }

  /** Puts a claimed entry back (after a transient storage error at X3, B12). */
  void readd(HalfOpen b) {
    byKid.put(b.kidB, b);
    perSource.merge(host(b.source), 1, Integer::sum);
  }

  /** Claims an entry: it leaves the table (and its kid becomes free) without being destroyed. */
  void remove(HalfOpen b) {
    if (byKid.remove(b.kidB) != null) {
      perSource.computeIfPresent(host(b.source), (k, n) -> n > 1 ? n - 1 : null);
    }
  }

  /**
   * Destroys expired entries and expires the partial X3s of live ones.
   *
   * @return the earliest expiry among the remaining entries, or {@link Long#MAX_VALUE}
   */
  long expire(long now) {
    long next = Long.MAX_VALUE;
    for (Iterator<HalfOpen> it = byKid.values().iterator(); it.hasNext(); ) {
      HalfOpen b = it.next();
      if (isExpired(b, now)) {
        it.remove();
        perSource.computeIfPresent(host(b.source), (k, n) -> n > 1 ? n - 1 : null);
        discard.accept(b);
      } else {
        next = Math.min(next, b.createdAt + lifetimeMillis);
        b.reassembler.expire(now);
      }
    }
    return next;
  }

  /** Destroys every entry. */
  void clear() {
    List<HalfOpen> all = new ArrayList<>(byKid.values());
    byKid.clear();
    for (HalfOpen b : all) {
      discard.accept(b);
    }
    perSource.clear();
  }

  /**
   * The live entry created from an X1 identical to {@code x1} in its bytes 0..1717 (which include
   * the header counter), compared in full, or null (§14.2 de-duplication).
   */
  HalfOpen findByX1(byte[] x1, long now) {
    for (HalfOpen b : byKid.values()) {
      if (!isExpired(b, now) && ConstantTime.equals(b.x1Body, 0, x1, 0, b.x1Body.length)) {
        return b;
      }
    }
    return null;
  }

  /**
   * Whether a live entry was opened by an X1 whose rf1 is {@code fingerprint} and was resolved to
   * {@code psk} (the fork fix's rule 2, docs/MODEL.md "Forks"). Constant time per entry.
   */
  boolean hasSuccessor(byte[] fingerprint, RatchetState psk, long now) {
    byte[] pskFingerprint = psk.fingerprint();
    boolean found = false;
    for (HalfOpen b : byKid.values()) {
      boolean match =
          ConstantTime.equals(b.rf1, 0, fingerprint, 0, fingerprint.length)
              & b.psk.hasFingerprint(pskFingerprint);
      found |= match && !isExpired(b, now);
    }
    return found;
  }

  /** Fragment bytes held by the live entries' partial X3s. */
  long reassemblyBytes() {
    long n = 0;
    for (HalfOpen b : byKid.values()) {
      n += b.reassembler.bufferedBytes();
    }
    return n;
  }

  private boolean isExpired(HalfOpen b, long now) {
    return b.createdAt + lifetimeMillis <= now;
  }

  private void evictOldest(PeerAddress source, List<HalfOpen> evicted) {
    for (HalfOpen old : byKid.values()) {
      if (source == null || host(old.source).equals(source)) {
        remove(old);
        discard.accept(old);
        evicted.add(old);
        return;
      }
    }
  }

  private PeerAddress host(PeerAddress source) {
    return source.host(ipv6PrefixBits);
  }
}
