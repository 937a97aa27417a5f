package io.zssp.reference;

import io.zssp.api.ProtocolConstants;
import io.zssp.wire.FragmentHeader;
import io.zssp.wire.XkResponder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntUnaryOperator;

/**
 * A bounded reassembly buffer for one scope: a session, a half-open handshake (B2) or the global
 * hello (kid 0) cache (ZSSP-SPEC §6.7, §15.3, §15.4). Partial packets are keyed by the 10-byte
 * packet nonce (header bytes 6..16) plus an optional opaque source key (the sender's address in the
 * hello cache, {@code null} in a session). Single-fragment packets bypass the buffer.
 *
 * <p>Hostile input is normal input: {@link #offer} never throws and never allocates beyond the
 * {@link Limits}. Every discarded fragment and every discarded partial packet is reported once to
 * the {@link DropListener} with a {@link ReassemblyDrop} reason; nothing else is reported.
 *
 * <p>Eviction: when a limit is hit, all expired entries go first, then the oldest entry, where
 * "oldest" means the one whose last stored fragment arrived earliest (the clock of expiry, so a
 * dropped duplicate refreshes nothing). A new packet from a source at its quota evicts that
 * source's oldest entry first.
 *
 * <p><b>Thread safety:</b> not thread-safe. The owner of the scope (session, B2 entry, hello cache)
 * serializes all calls; the listener runs on the calling thread and must not call back in.
 */
final class Reassembler {
  /** Why a fragment (F) or a whole partial packet (P) was discarded. */
  enum ReassemblyDrop {
    /** F: shorter than header + 1 payload byte, or an invalid array range. */
    MALFORMED,
    /** F: count 0 or above 48, or fragment number &gt;= count. */
    BAD_COUNT,
    /** F: its count differs from the count of the packet's first stored fragment. */
    INCONSISTENT_COUNT,
    /** F: this fragment number is already stored; the stored one is kept. */
    DUPLICATE_FRAGMENT,
    /** F: its payload differs by more than 1 byte from the first stored fragment's payload. */
    FRAGMENT_SIZE_MISMATCH,
    /** F: the packet would exceed its type's maximum; its partial packet is discarded with it. */
    TOO_LARGE,
    /** F: does not fit the byte limit even after eviction; its partial packet goes with it. */
    BUFFER_FULL,
    /** P: evicted to make room (entry limit, byte limit or per-source quota). */
    EVICTED,
    /** P: no fragment arrived for the timeout. */
    EXPIRED
  }

  /**
   * Receives one call per drop event (see {@link ReassemblyDrop}), with the source key the dropped
   * fragment or partial packet was offered under ({@code null} in a scope without sources).
   */
  @FunctionalInterface
  interface DropListener {
    void dropped(ReassemblyDrop reason, Object source);
  }

  /** Hard caps of one buffer; lifetime of a partial packet after its last stored fragment. */
  record Limits(
      int maxEntries, int maxEntriesPerSource, long maxBufferedBytes, long timeoutMillis) {
    /** {@code fragmentAssemblyTimeout} (§3.2). */
    static final long DEFAULT_TIMEOUT_MILLIS = 5000;

    Limits {
      if (maxEntries < 1 || maxEntriesPerSource < 1 || maxBufferedBytes < 1 || timeoutMillis < 1) {
        throw new IllegalArgumentException(
            "reassembly limits must be positive: "
                + maxEntries
                + ", "
                + maxEntriesPerSource
                + ", "
                + maxBufferedBytes
                + ", "
                + timeoutMillis);
      }
    }

    /** Per session (§15.4): 64 partial packets, 1 MiB. */
    static Limits session() {
      return new Limits(64, 64, 1L << 20, DEFAULT_TIMEOUT_MILLIS);
    }

    /**
     * A half-open handshake's X3 (§15.2): one partial packet of at most {@code X3_MAX_SIZE} bytes
     * (plus the headers of up to 48 fragments), about 4.2 KB, not a session's 64 packets and 1 MiB:
     * B2 entries are created by unauthenticated X1s.
     */
    static Limits x3() {
      return new Limits(
          1,
          1,
          XkResponder.X3_MAX_SIZE + 2L * ProtocolConstants.MAX_FRAGMENTS,
          DEFAULT_TIMEOUT_MILLIS);
    }

    /** Hello cache (§15.3): 256 partial packets, 4 per source, 1749 bytes each. */
    static Limits helloCache() {
      return new Limits(256, 4, 256L * ProtocolConstants.X1_SIZE_IN_BYTES, DEFAULT_TIMEOUT_MILLIS);
    }

    /** The same caps with the configured {@code fragmentAssemblyTimeout}. */
    Limits withTimeoutMillis(long millis) {
      return new Limits(maxEntries, maxEntriesPerSource, maxBufferedBytes, millis);
    }
  }

  private static final int HEADER = FragmentHeader.SIZE;

  private final Limits limits;
  private final IntUnaryOperator maxAssembledSize;
  private final DropListener listener;

  /** Iteration order = order of each entry's last stored fragment (moved to the tail on store). */
  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>();

  private final Map<Object, Integer> entriesPerSource = new HashMap<>();
  private long bufferedBytes;

  /**
   * @param maxAssembledSize packet type (0..255) → largest assembled packet of that type; a value
   *     below 1 refuses the type. Called on every fragment; must not throw.
   */
  Reassembler(Limits limits, IntUnaryOperator maxAssembledSize, DropListener listener) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.maxAssembledSize = Objects.requireNonNull(maxAssembledSize, "maxAssembledSize");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Offers one received datagram.
   *
   * @param source opaque source key with value equality, or {@code null} (one scope per buffer)
   * @param datagram the datagram with header protection already removed (bytes 4..20 decrypted, or
   *     a kid-0 datagram, which has none); read only, never retained: payloads are copied
   * @return the assembled packet (a new array owned by the caller) if this datagram completed one
   *     or was a single-fragment packet; otherwise {@code null} (buffered, or dropped and reported)
   */
  byte[] offer(Object source, byte[] datagram, int off, int len, long nowMillis) {
    if (datagram == null || off < 0 || len < HEADER + 1 || off > datagram.length - len) {
      return drop(ReassemblyDrop.MALFORMED, source);
    }
    int no = FragmentHeader.fragmentNo(datagram, off);
    int count = FragmentHeader.fragmentCount(datagram, off);
    if (count < 1 || count > ProtocolConstants.MAX_FRAGMENTS || no >= count) {
      return drop(ReassemblyDrop.BAD_COUNT, source);
    }
    int n = len - HEADER;
    int max = maxAssembledSize.applyAsInt(FragmentHeader.type(datagram, off));
    if (count == 1) {
      return n > max
          ? drop(ReassemblyDrop.TOO_LARGE, source)
          : Arrays.copyOfRange(datagram, off + HEADER, off + len);
    }
    Key key = Key.of(source, datagram, off);
    Entry e = entries.get(key);
    if (e != null && isExpired(e, nowMillis)) {
      discard(e, ReassemblyDrop.EXPIRED);
      e = null;
    }
    if (e == null) {
      // Every later fragment carries at least n - 1 bytes (else it is a size mismatch).
      if (n + (long) (count - 1) * (n - 1) > max) {
        return drop(ReassemblyDrop.TOO_LARGE, source);
      }
      if (n > limits.maxBufferedBytes() || !makeRoom(source, true, n, null, nowMillis)) {
        return drop(ReassemblyDrop.BUFFER_FULL, source);
      }
      e = new Entry(key, count, n);
      entriesPerSource.merge(source, 1, Integer::sum);
      store(e, no, datagram, off, n, nowMillis);
      return null;
    }
    if (count != e.fragments.length) {
      return drop(ReassemblyDrop.INCONSISTENT_COUNT, source);
    }
    if (e.fragments[no] != null) {
      return drop(ReassemblyDrop.DUPLICATE_FRAGMENT, source);
    }
    if (Math.abs(n - e.firstLen) > 1) {
      return drop(ReassemblyDrop.FRAGMENT_SIZE_MISMATCH, source);
    }
    int missingAfter = count - e.received - 1;
    if ((long) e.bytes + n + (long) missingAfter * (e.firstLen - 1) > max) {
      remove(e);
      return drop(ReassemblyDrop.TOO_LARGE, source);
    }
    if (missingAfter == 0) {
      return complete(e, no, datagram, off, n);
    }
    if (!makeRoom(source, false, n, e, nowMillis)) {
      remove(e);
      return drop(ReassemblyDrop.BUFFER_FULL, source);
    }
    store(e, no, datagram, off, n, nowMillis);
    return null;
  }

  /** Discards (and reports as {@link ReassemblyDrop#EXPIRED}) every entry past its timeout. */
  void expire(long nowMillis) {
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (isExpired(e, nowMillis)) {
        it.remove();
        forget(e);
        listener.dropped(ReassemblyDrop.EXPIRED, e.key.source());
      }
    }
  }

  /** Number of partial packets held. */
  int size() {
    return entries.size();
  }

  /** Payload bytes held by partial packets. */
  long bufferedBytes() {
    return bufferedBytes;
  }

  private boolean isExpired(Entry e, long nowMillis) {
    return nowMillis - e.lastMillis >= limits.timeoutMillis();
  }

  /** Evicts until one more fragment of {@code n} bytes (and a new entry if asked) fits. */
  private boolean makeRoom(Object source, boolean newEntry, int n, Entry keep, long nowMillis) {
    boolean sourceFull =
        newEntry && entriesPerSource.getOrDefault(source, 0) >= limits.maxEntriesPerSource();
    boolean full = newEntry && entries.size() >= limits.maxEntries();
    if (!sourceFull && !full && bufferedBytes + n <= limits.maxBufferedBytes()) {
      return true;
    }
    expire(nowMillis); // keep is not expired: the caller checked it at this nowMillis
    if (newEntry && entriesPerSource.getOrDefault(source, 0) >= limits.maxEntriesPerSource()) {
      discard(oldest(source, true, null), ReassemblyDrop.EVICTED);
    }
    if (newEntry && entries.size() >= limits.maxEntries()) {
      discard(oldest(null, false, null), ReassemblyDrop.EVICTED);
    }
    while (bufferedBytes + n > limits.maxBufferedBytes()) {
      Entry victim = oldest(null, false, keep);
      if (victim == null) {
        return false;
      }
      discard(victim, ReassemblyDrop.EVICTED);
    }
    return true;
  }

  /** The oldest entry (of {@code source} if {@code bySource}) other than {@code except}. */
  private Entry oldest(Object source, boolean bySource, Entry except) {
    for (Entry e : entries.values()) {
      if (e != except && (!bySource || Objects.equals(e.key.source(), source))) {
        return e;
      }
    }
    return null;
  }

  private void store(Entry e, int no, byte[] datagram, int off, int n, long nowMillis) {
    e.fragments[no] = Arrays.copyOfRange(datagram, off + HEADER, off + HEADER + n);
    e.received++;
    e.bytes += n;
    bufferedBytes += n;
    e.lastMillis = nowMillis;
    entries.remove(e.key); // move to the tail: insertion order tracks the last fragment
    entries.put(e.key, e);
  }

  private byte[] complete(Entry e, int lastNo, byte[] datagram, int off, int n) {
    remove(e);
    byte[] packet = new byte[e.bytes + n];
    int pos = 0;
    for (int i = 0; i < e.fragments.length; i++) {
      if (i == lastNo) {
        System.arraycopy(datagram, off + HEADER, packet, pos, n);
        pos += n;
      } else {
        System.arraycopy(e.fragments[i], 0, packet, pos, e.fragments[i].length);
        pos += e.fragments[i].length;
      }
    }
    return packet;
  }

  private void discard(Entry e, ReassemblyDrop reason) {
    remove(e);
    listener.dropped(reason, e.key.source());
  }

  private void remove(Entry e) {
    entries.remove(e.key);
    forget(e);
  }

  private void forget(Entry e) {
    bufferedBytes -= e.bytes;
    entriesPerSource.computeIfPresent(e.key.source(), (s, c) -> c == 1 ? null : c - 1);
  }

  private byte[] drop(ReassemblyDrop reason, Object source) {
    listener.dropped(reason, source);
    return null;
  }

  /** Source key ‖ packet nonce (reserved ‖ type, counter). */
  private record Key(Object source, int reservedAndType, long counter) {
    static Key of(Object source, byte[] d, int off) {
      return new Key(
          source,
          FragmentHeader.reserved(d, off) << 8 | FragmentHeader.type(d, off),
          FragmentHeader.counter(d, off));
    }
  }

  /** One partial packet; {@code fragments[i]} is fragment i's payload or null. */
  private static final class Entry {
    final Key key;
    final byte[][] fragments;
    final int firstLen;
    int received;
    int bytes;
    long lastMillis;

    Entry(Key key, int count, int firstLen) {
      this.key = key;
      this.fragments = new byte[count][];
      this.firstLen = firstLen;
    }
  }
}
