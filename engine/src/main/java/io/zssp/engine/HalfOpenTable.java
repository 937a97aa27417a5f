package io.zssp.engine;

import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetState;
import io.zssp.crypto.ConstantTime;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 *
 * <p>It also holds the fork fix's bookkeeping (docs/MODEL.md "Forks"), under the same lock: the
 * {@linkplain HalfOpen.Origin origins} of X1s (rules 1 and 2), the row-2 writes announced (rule 2)
 * and, per peer, the newest B2 whose X3 reached its ratchet write (rule 3).
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

  /** Every X1 from its decryption until its B2 is discarded (rules 1 and 2). */
  private final Set<HalfOpen.Origin> origins = new HashSet<>();

  private long originSeq;

  /**
   * Rule 2: the row-2 writes announced (see {@link #announceWrite}), by the new state's
   * fingerprint: {@link Long#MAX_VALUE} while the write is in flight, then the last origin sequence
   * taken before it was over (the X1s that may have read the store before it).
   */
  private final Map<ByteBuffer, Long> announced = new HashMap<>();

  /**
   * Per peer (static key): {seq, when} of the newest B2 whose X3 reached the ratchet write (rule
   * 3). An entry goes a B2 lifetime after it was written: every older B2 has expired by then.
   */
  private final Map<ByteBuffer, long[]> lastWritten = new HashMap<>();

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

  /** Removes and returns every entry past its lifetime (and forgets rule 3's old marks). */
  synchronized List<HalfOpen> expire(long now) {
    expireForkFixLocked(now);
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
    lastWritten.clear();
    announced.clear();
    origins.clear();
    return out;
  }

  // ------------------------------------------------ the fork fix (docs/MODEL.md "Forks")
  //
  // Everything below is under this table's lock, like the rest of its bookkeeping (short steps,
  // no cryptography, no store call), so the steps of an X1 and of an X3 answered on different
  // threads are totally ordered: the argument of announceWrite needs no more than that.

  /**
   * Rule 1: an X1 whose fingerprints have just been decrypted, before its PSK is resolved. Pair
   * with {@link #forget} (when its B2 is discarded, or when it makes none).
   */
  synchronized HalfOpen.Origin register(byte[] rf1) {
    HalfOpen.Origin o = new HalfOpen.Origin(rf1, ++originSeq);
    origins.add(o);
    return o;
  }

  /** The X1 of {@code o} no longer counts (its B2 is gone, or it never made one); idempotent. */
  synchronized void forget(HalfOpen.Origin o) {
    origins.remove(o);
  }

  /**
   * Rule 2, the X1's side: {@code o} was resolved to {@code psk}.
   *
   * @return whether a row-2 write of the state its rf1 names has been {@linkplain #announceWrite
   *     announced} (only asked, by {@code rf1Unknown}, when the rf1 was not found in the store)
   */
  synchronized boolean resolved(HalfOpen.Origin o, RatchetState psk, boolean rf1Unknown) {
    o.psk = psk;
    if (!rf1Unknown) {
      return false;
    }
    Long upTo = announced.get(ByteBuffer.wrap(o.rf1));
    return upTo != null && o.seq <= upTo;
  }

  /**
   * Rule 2, the X3's side, before the row-2 compare-and-swap that stores new state N (fingerprint
   * {@code n}) for a B2 resolved to {@code psk}: announces the write, and tells whether to keep psk
   * (whether a live X1 origin, its B2 claimed or not, names N as rf1 and was resolved to psk).
   *
   * <p>The race it closes: an X1 naming N, answered on another thread, may read the store before N
   * is in it (so it resolves psk from its rf2) and yet register too late for this check. Each X1
   * first registers, then reads the store, then reports its resolution ({@link #resolved}); this
   * call announces and checks in one step. If that X1's report comes before this step, its
   * resolution is seen here and psk is kept. If it comes after, it sees the announcement and the X1
   * is dropped (ResponderHandshake.answerX1) rather than answered on a state Bob may be dropping;
   * Alice's resend then finds N (or psk again, if this write failed: the announcement is
   * {@linkplain #writeOver withdrawn}). An X1 registered after the write is over reads the store
   * after it and finds N: once the write is over, only the X1s registered before it are still
   * matched, and the announcement goes when the last of them has reported.
   */
  synchronized boolean announceWrite(byte[] n, RatchetState psk, long now) {
    announced.put(ByteBuffer.wrap(n.clone()), Long.MAX_VALUE);
    byte[] pskFingerprint = psk.fingerprint();
    boolean found = false;
    for (HalfOpen.Origin o : origins) {
      RatchetState resolvedTo = o.psk;
      if (resolvedTo == null) {
        continue; // still being resolved: it will see the announcement (resolved)
      }
      boolean match =
          ConstantTime.equals(o.rf1, 0, n, 0, n.length) & resolvedTo.hasFingerprint(pskFingerprint);
      found |= match && now < o.expiresAt;
    }
    return found;
  }

  /**
   * The announced write of {@code n} is over: refused ({@code conflict}: N was not stored, nobody
   * can have missed it, the announcement goes), or done (or failed with a storage error, after
   * which it may have been done): it still concerns the X1s registered until now.
   */
  synchronized void writeOver(byte[] n, boolean conflict) {
    ByteBuffer key = ByteBuffer.wrap(n);
    if (conflict) {
      announced.remove(key);
    } else {
      announced.replace(key, originSeq);
    }
  }

  /** Rule 3, before Accept: whether a B2 of this peer newer than {@code seq} reached its write. */
  synchronized boolean isStale(byte[] peerStaticKey, long seq) {
    long[] last = lastWritten.get(ByteBuffer.wrap(peerStaticKey));
    return last != null && seq < last[0];
  }

  /**
   * Rule 3, after the X3's store load and before its compare-and-swap, in one step: false if a
   * newer B2 of this peer has reached its write (this one is a straggler and must not write);
   * otherwise records this one as the newest.
   */
  synchronized boolean markWrite(byte[] peerStaticKey, long seq, long now) {
    ByteBuffer key = ByteBuffer.wrap(peerStaticKey);
    long[] last = lastWritten.get(key);
    if (last != null && seq < last[0]) {
      return false;
    }
    if (last == null) {
      lastWritten.put(ByteBuffer.wrap(peerStaticKey.clone()), new long[] {seq, now});
    } else {
      last[0] = seq;
      last[1] = now;
    }
    return true;
  }

  private void expireForkFixLocked(long now) {
    if (!lastWritten.isEmpty()) {
      lastWritten.values().removeIf(e -> e[1] + lifetimeMillis <= now);
    }
    if (!announced.isEmpty()) {
      long unresolved = Long.MAX_VALUE; // the oldest X1 that has not reported its resolution
      for (HalfOpen.Origin o : origins) {
        if (o.psk == null) {
          unresolved = Math.min(unresolved, o.seq);
        }
      }
      long oldest = unresolved;
      announced.values().removeIf(upTo -> upTo < oldest);
    }
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
    b.origin.expiresAt = b.createdAt + lifetimeMillis;
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
