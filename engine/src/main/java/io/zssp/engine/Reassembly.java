package io.zssp.engine;

import io.zssp.wire.FragmentHeader;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntUnaryOperator;

/**
 * Reassembly of multi-fragment packets for one scope: a session, a half-open handshake (B2) or the
 * hello (kid 0) cache (ZSSP-SPEC §6.7, §15.3, §15.4). Partial packets are keyed by their packet
 * nonce (reserved ‖ type ‖ counter) and, in the hello cache, by source address. Single-fragment
 * packets never come here.
 *
 * <p>Memory is bounded and taken lazily: a partial packet holds {@code count × (first fragment +
 * 1)} bytes of buffers, taken from its {@link ReassemblyBuffers} when its first fragment arrives,
 * in chunks of at most {@value #CHUNK_BYTES} bytes (a buffer of half a G1 region or more would be a
 * humongous object, which can take twice its size in heap: the budget would then understate the
 * memory really held), checked against this scope's entry, byte and fragment-slot limits, and given
 * back (for reuse) as soon as the packet completes, expires or is evicted. For sessions the buffers
 * come from one context-wide pool under the §15.4 budget; when that budget is exhausted this scope
 * gives up its own oldest partial packets first. When a limit is hit, expired entries go first,
 * then the oldest (by last fragment). Each discarded fragment or partial packet is reported once to
 * the drop listener; {@link #offer} never throws for any input.
 *
 * <p>Not thread-safe: the owner of the scope serializes every call (a session's lock, a B2 entry's
 * monitor, the hello cache's lock).
 */
final class Reassembly {
  /** Returned by {@link #offer} when the fragment was stored. */
  static final int BUFFERED = -1;

  /** Returned by {@link #offer} when the fragment was dropped (and reported). */
  static final int DROPPED = -2;

  private static final int HEADER = FragmentHeader.SIZE;

  /** The largest buffer a partial packet takes: below half of G1's smallest region (1 MiB). */
  static final int CHUNK_BYTES = 256 * 1024;

  /** The caps of one scope. {@code maxSlots} bounds the sum of the entries' fragment counts. */
  record Limits(
      int maxEntries, int maxEntriesPerSource, long maxBytes, int maxSlots, long timeoutMillis) {
    Limits {
      if (maxEntries < 1
          || maxEntriesPerSource < 1
          || maxBytes < 1
          || maxSlots < 2
          || timeoutMillis < 1) {
        throw new IllegalArgumentException("reassembly limits must be positive");
      }
    }
  }

  /**
   * Receives one call per discarded fragment or partial packet, with the source it was offered
   * under (null in a scope that is not keyed by source).
   */
  @FunctionalInterface
  interface DropListener {
    void dropped(Object source);
  }

  /**
   * One partial packet. Fragment {@code i} is stored in {@code chunks[i / perChunk]} at {@code (i %
   * perChunk) * stride}.
   */
  private static final class Partial {
    Object source;
    int reservedAndType;
    long counter;
    int count;
    int firstLen;
    int stride;
    int received;
    int bytes;
    long lastMillis;
    long reserved;
    int perChunk;
    int chunkCount;
    byte[][] chunks = new byte[48][];
    int[] lens = new int[48];
  }

  private final Limits limits;
  private final IntUnaryOperator maxSize;
  private final ReassemblyBuffers buffers;
  private final DropListener listener;

  /** Live partial packets, oldest last fragment first. */
  private Partial[] entries = new Partial[2];

  private int size;
  private long bytes;
  private int slots;
  private Partial spare;
  private Partial completed;
  private byte[] completedPacket;

  /**
   * @param maxSize packet type → largest assembled packet of that type (below 1 refuses the type)
   * @param buffers where partial packets get their buffers
   */
  Reassembly(
      Limits limits, IntUnaryOperator maxSize, ReassemblyBuffers buffers, DropListener listener) {
    this.limits = Objects.requireNonNull(limits);
    this.maxSize = Objects.requireNonNull(maxSize);
    this.buffers = Objects.requireNonNull(buffers);
    this.listener = Objects.requireNonNull(listener);
  }

  /**
   * Offers one fragment of a multi-fragment packet: {@code d[off, off+len)} with its header already
   * unprotected and its number and count already validated (count ≥ 2, number &lt; count).
   *
   * @return the assembled length if this fragment completed a packet (read it from {@link
   *     #packet()}, then call {@link #recycle()}), else {@link #BUFFERED} or {@link #DROPPED}
   */
  int offer(Object source, byte[] d, int off, int len, long now) {
    recycle();
    int no = FragmentHeader.fragmentNo(d, off);
    int count = FragmentHeader.fragmentCount(d, off);
    int n = len - HEADER;
    int type = FragmentHeader.type(d, off);
    int rt = FragmentHeader.reserved(d, off) << 8 | type;
    long counter = FragmentHeader.counter(d, off);
    int max = maxSize.applyAsInt(type);
    if (n < 1) {
      return drop(source);
    }
    Partial e = find(source, rt, counter);
    if (e != null && isExpired(e, now)) {
      discard(indexOf(e));
      e = null;
    }
    if (e == null) {
      // Every later fragment carries at least n - 1 bytes (else it is a size mismatch).
      if (n + (long) (count - 1) * (n - 1) > max) {
        return drop(source);
      }
      long cap = (long) count * (n + 1);
      if (!makeRoom(source, count, cap, now)) {
        return drop(source);
      }
      e = spare != null ? spare : new Partial();
      spare = null;
      e.stride = n + 1;
      e.perChunk = Math.max(1, CHUNK_BYTES / e.stride);
      e.chunkCount = (count + e.perChunk - 1) / e.perChunk;
      boolean taken = takeChunks(e, count);
      while (!taken && size > 0) {
        discard(0); // the context-wide budget is spent: give up our own oldest first
        taken = takeChunks(e, count);
      }
      if (!taken) {
        spare = e;
        return drop(source);
      }
      e.source = source;
      e.reservedAndType = rt;
      e.counter = counter;
      e.count = count;
      e.firstLen = n;
      e.reserved = cap;
      bytes += cap;
      slots += count;
      append(e);
      store(e, no, d, off, n, now);
      return BUFFERED;
    }
    int i = indexOf(e);
    if (count != e.count || e.lens[no] != 0 || Math.abs(n - e.firstLen) > 1) {
      return drop(source); // inconsistent count, duplicate, or size mismatch: the stored one stays
    }
    int missingAfter = count - e.received - 1;
    if ((long) e.bytes + n + (long) missingAfter * (e.firstLen - 1) > max) {
      discard(i);
      return drop(source);
    }
    store(e, no, d, off, n, now);
    if (e.received < count) {
      moveToEnd(i);
      return BUFFERED;
    }
    removeAt(i);
    completedPacket = assemble(e);
    completed = e;
    return e.bytes;
  }

  /** The buffer holding the packet {@link #offer} just completed (its first {@code n} bytes). */
  byte[] packet() {
    return completedPacket;
  }

  /** Returns the completed packet's buffers for reuse; call once the packet has been processed. */
  void recycle() {
    if (completed != null) {
      release(completed);
      completed = null;
      completedPacket = null;
    }
  }

  /** Discards (and reports) every partial packet past its timeout. */
  void expire(long now) {
    while (size > 0 && isExpired(entries[0], now)) {
      discard(0);
    }
  }

  /** When the oldest partial packet expires, or {@link Long#MAX_VALUE} if none is held. */
  long nextExpiry() {
    return size == 0 ? Long.MAX_VALUE : entries[0].lastMillis + limits.timeoutMillis();
  }

  /** Discards everything without reporting (the scope is closing) and gives every buffer back. */
  void clear() {
    recycle();
    while (size > 0) {
      Partial e = entries[size - 1];
      removeAt(size - 1);
      release(e);
    }
  }

  int size() {
    return size;
  }

  /** Bytes reserved by live partial packets. */
  long bytes() {
    return bytes;
  }

  /** Fragment slots reserved by live partial packets. */
  int slots() {
    return slots;
  }

  private boolean isExpired(Partial e, long now) {
    return now - e.lastMillis >= limits.timeoutMillis();
  }

  /** Evicts until a new entry of {@code count} slots and {@code cap} bytes fits everywhere. */
  private boolean makeRoom(Object source, int count, long cap, long now) {
    if (cap > limits.maxBytes() || count > limits.maxSlots()) {
      return false;
    }
    if (!fits(source, count, cap)) {
      expire(now);
    }
    if (countOf(source) >= limits.maxEntriesPerSource()) {
      discard(oldestOf(source));
    }
    while (size > 0 && !fits(null, count, cap)) {
      discard(0);
    }
    return true;
  }

  private boolean fits(Object source, int count, long cap) {
    return size < limits.maxEntries()
        && bytes + cap <= limits.maxBytes()
        && slots + count <= limits.maxSlots()
        && (source == null || countOf(source) < limits.maxEntriesPerSource());
  }

  /** Takes the chunks of a new partial packet of {@code count} fragments; all or none. */
  private boolean takeChunks(Partial e, int count) {
    for (int c = 0; c < e.chunkCount; c++) {
      int fragments = Math.min(e.perChunk, count - c * e.perChunk);
      byte[] chunk = buffers.take(fragments * e.stride);
      if (chunk == null) {
        for (int k = 0; k < c; k++) {
          buffers.give(e.chunks[k]);
          e.chunks[k] = null;
        }
        return false;
      }
      e.chunks[c] = chunk;
    }
    return true;
  }

  private void store(Partial e, int no, byte[] d, int off, int n, long now) {
    System.arraycopy(d, off + HEADER, e.chunks[no / e.perChunk], (no % e.perChunk) * e.stride, n);
    e.lens[no] = n;
    e.received++;
    e.bytes += n;
    e.lastMillis = now;
  }

  /**
   * The assembled packet: in place when it fits in one chunk (each fragment moves left or stays); a
   * packet of several chunks (above {@value #CHUNK_BYTES} bytes) is copied into a new array, which
   * lives only while the caller processes it.
   */
  private static byte[] assemble(Partial e) {
    byte[] out = e.chunkCount == 1 ? e.chunks[0] : new byte[e.bytes];
    int pos = 0;
    for (int i = 0; i < e.count; i++) {
      System.arraycopy(e.chunks[i / e.perChunk], (i % e.perChunk) * e.stride, out, pos, e.lens[i]);
      pos += e.lens[i];
    }
    return out;
  }

  private Partial find(Object source, int rt, long counter) {
    for (int i = size - 1; i >= 0; i--) {
      Partial e = entries[i];
      if (e.counter == counter && e.reservedAndType == rt && Objects.equals(e.source, source)) {
        return e;
      }
    }
    return null;
  }

  private int indexOf(Partial e) {
    for (int i = 0; i < size; i++) {
      if (entries[i] == e) {
        return i;
      }
    }
    throw new IllegalStateException("not a live entry");
  }

  private int countOf(Object source) {
    if (source == null) {
      return 0;
    }
    int c = 0;
    for (int i = 0; i < size; i++) {
      if (source.equals(entries[i].source)) {
        c++;
      }
    }
    return c;
  }

  private int oldestOf(Object source) {
    for (int i = 0; i < size; i++) {
      if (source.equals(entries[i].source)) {
        return i;
      }
    }
    throw new IllegalStateException("no entry of the source");
  }

  private void append(Partial e) {
    if (size == entries.length) {
      entries = Arrays.copyOf(entries, 2 * size);
    }
    entries[size++] = e;
  }

  private void moveToEnd(int i) {
    Partial e = entries[i];
    System.arraycopy(entries, i + 1, entries, i, size - i - 1);
    entries[size - 1] = e;
  }

  private void removeAt(int i) {
    Partial e = entries[i];
    System.arraycopy(entries, i + 1, entries, i, size - i - 1);
    entries[--size] = null;
    bytes -= e.reserved;
    slots -= e.count;
  }

  private void discard(int i) {
    Partial e = entries[i];
    Object source = e.source;
    removeAt(i);
    release(e);
    listener.dropped(source);
  }

  private int drop(Object source) {
    listener.dropped(source);
    return DROPPED;
  }

  private void release(Partial e) {
    Arrays.fill(e.lens, 0, e.count, 0);
    e.received = 0;
    e.bytes = 0;
    e.source = null;
    for (int c = 0; c < e.chunkCount; c++) {
      buffers.give(e.chunks[c]);
      e.chunks[c] = null;
    }
    e.chunkCount = 0;
    spare = e;
  }
}
