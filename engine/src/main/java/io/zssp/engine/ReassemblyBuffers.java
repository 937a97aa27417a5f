package io.zssp.engine;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where partial packets get their buffers. {@link #local} serves one scope without a context-wide
 * bound (the hello cache, a half-open entry's X3), keeping a couple of small buffers for reuse;
 * {@link #budgeted} serves every session of a context from one pool under the context-wide {@link
 * ReassemblyBudget} (ZSSP-SPEC §15.4), which is charged for every buffer that exists, handed out or
 * pooled, so that reuse never takes memory outside the bound.
 */
abstract class ReassemblyBuffers {
  /** A buffer of at least {@code bytes} bytes, or null if the budget cannot cover it now. */
  abstract byte[] take(int bytes);

  /** Returns a buffer taken here, for reuse or to be freed. */
  abstract void give(byte[] buffer);

  /** Bytes in buffers handed out and not yet given back. */
  abstract long inUse();

  /** Bytes in buffers kept for reuse. */
  abstract long pooled();

  /**
   * A scope's own buffers: up to two of at most 4 KiB are kept; nothing else is bounded here. The
   * bytes it hands out (less those given back) are also added to {@code total}, which several
   * scopes may share (for the context's statistics).
   */
  static ReassemblyBuffers local(AtomicLong total) {
    return new Local(total);
  }

  /** The buffers of all sessions of one context, charged to {@code budget}. */
  static ReassemblyBuffers budgeted(ReassemblyBudget budget, long maxPooledBytes) {
    return new Budgeted(budget, maxPooledBytes);
  }

  /** Single-owner (the scope's lock). */
  private static final class Local extends ReassemblyBuffers {
    private static final int KEEP = 2;
    private static final int KEEP_MAX_BYTES = 4 * 1024;
    private final byte[][] kept = new byte[KEEP][];
    private final AtomicLong total;
    private int count;
    private long inUse;

    Local(AtomicLong total) {
      this.total = java.util.Objects.requireNonNull(total, "total");
    }

    private void counted(long bytes) {
      inUse += bytes;
      total.addAndGet(bytes);
    }

    @Override
    byte[] take(int bytes) {
      for (int i = 0; i < count; i++) {
        if (kept[i].length >= bytes) {
          byte[] b = kept[i];
          kept[i] = kept[--count];
          kept[count] = null;
          counted(b.length);
          return b;
        }
      }
      counted(bytes);
      return new byte[bytes];
    }

    @Override
    void give(byte[] buffer) {
      counted(-buffer.length);
      if (count < KEEP && buffer.length <= KEEP_MAX_BYTES) {
        kept[count++] = buffer;
      }
    }

    @Override
    long inUse() {
      return inUse;
    }

    @Override
    long pooled() {
      long n = 0;
      for (int i = 0; i < count; i++) {
        n += kept[i].length;
      }
      return n;
    }
  }

  /**
   * Thread-safe: buffers come in power-of-two size classes from 2 KiB to 1 MiB (larger ones are
   * exact and never pooled), one stack per class behind its own monitor, held for a push or a pop.
   * The stacks are arrays, so giving a buffer back allocates nothing (a linked deque made a node
   * per buffer: 24 bytes for every fragmented packet).
   */
  private static final class Budgeted extends ReassemblyBuffers {
    private static final int MIN_SHIFT = 11; // 2 KiB
    private static final int MAX_SHIFT = 20; // 1 MiB

    private final ReassemblyBudget budget;
    private final long maxPooled;
    private final AtomicLong pooled = new AtomicLong();
    private final AtomicLong inUse = new AtomicLong();

    private final BufferStack[] classes = new BufferStack[MAX_SHIFT - MIN_SHIFT + 1];

    Budgeted(ReassemblyBudget budget, long maxPooled) {
      this.budget = budget;
      this.maxPooled = maxPooled;
      for (int i = 0; i < classes.length; i++) {
        classes[i] = new BufferStack();
      }
    }

    /** The size class of a request, or -1 for one above the largest class. */
    private static int sizeClass(int bytes) {
      int shift = Math.max(MIN_SHIFT, 32 - Integer.numberOfLeadingZeros(bytes - 1));
      return shift > MAX_SHIFT ? -1 : shift - MIN_SHIFT;
    }

    @Override
    byte[] take(int bytes) {
      int c = sizeClass(bytes);
      int size = c < 0 ? bytes : 1 << (c + MIN_SHIFT);
      if (c >= 0) {
        byte[] b = classes[c].pop();
        if (b != null) {
          pooled.addAndGet(-size);
          inUse.addAndGet(size);
          return b; // still charged to the budget
        }
      }
      if (!budget.tryReserve(size) && !(drainPool(size) && budget.tryReserve(size))) {
        return null;
      }
      inUse.addAndGet(size);
      return new byte[size];
    }

    @Override
    void give(byte[] buffer) {
      inUse.addAndGet(-buffer.length);
      int c = sizeClass(buffer.length);
      if (c >= 0
          && buffer.length == 1 << (c + MIN_SHIFT)
          && pooled.addAndGet(buffer.length) <= maxPooled) {
        classes[c].push(buffer);
        return;
      }
      if (c >= 0 && buffer.length == 1 << (c + MIN_SHIFT)) {
        pooled.addAndGet(-buffer.length); // over the pool's limit: not kept after all
      }
      budget.release(buffer.length);
    }

    /** Frees pooled buffers (largest classes first) until {@code bytes} more could fit. */
    private boolean drainPool(long bytes) {
      boolean freed = false;
      for (int c = classes.length - 1; c >= 0 && budget.used() + bytes > budget.limit(); c--) {
        byte[] b;
        while (budget.used() + bytes > budget.limit() && (b = classes[c].pop()) != null) {
          pooled.addAndGet(-b.length);
          budget.release(b.length);
          freed = true;
        }
      }
      return freed;
    }

    @Override
    long inUse() {
      return inUse.get();
    }

    @Override
    long pooled() {
      return pooled.get();
    }
  }

  /**
   * A stack of pooled buffers of one size class; grows by doubling, never shrinks (it is bounded by
   * the pool's byte limit).
   */
  private static final class BufferStack {
    private byte[][] items = new byte[4][];
    private int size;

    synchronized byte[] pop() {
      if (size == 0) {
        return null;
      }
      byte[] b = items[--size];
      items[size] = null;
      return b;
    }

    synchronized void push(byte[] buffer) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      items[size++] = buffer;
    }
  }
}
