package io.zssp.engine;

import java.util.Arrays;

/**
 * The sessions that want {@code service()} at some time, as a 4-ary min-heap on their deadline with
 * each member's position kept in the member itself, so that scheduling, rescheduling and removal
 * are O(log n) and a removal from the middle restores the heap in both directions (the canonical
 * performance crate sifts only down: bug B10). {@code service()} pops only what is due, so its cost
 * does not grow with idle sessions.
 *
 * <p>The deadlines are kept beside the members in one {@code long[]}, so a sift compares keys that
 * sit in a few cache lines instead of reading one member object per comparison, and four children
 * per node halve the depth: at a million sessions, memory latency rather than the comparison count
 * is what a heap operation costs ({@code TimerHeapBenchmark}).
 *
 * <p>Thread-safe through one short lock that guards only the heap; nothing else is ever done while
 * holding it. Lock order: a session's lock may be held when calling in, never the reverse.
 */
final class TimerHeap {
  /**
   * A heap member. Its deadline and position are written only under the heap's lock; they are
   * volatile so that a member's owner may read them (as a hint) without taking that lock.
   */
  abstract static class Member {
    volatile long heapDeadline = Long.MAX_VALUE;
    volatile int heapIndex = -1;
  }

  private static final int ARITY_SHIFT = 2; // four children per node

  private Member[] heap = new Member[64];
  private long[] keys = new long[64];
  private int size;

  /**
   * Sets {@code m}'s deadline: inserts it, moves it, or removes it if {@code deadline} is {@link
   * Long#MAX_VALUE}.
   */
  synchronized void schedule(Member m, long deadline) {
    if (deadline == Long.MAX_VALUE) {
      removeLocked(m);
      return;
    }
    m.heapDeadline = deadline;
    int i = m.heapIndex;
    if (i < 0) {
      if (size == heap.length) {
        heap = Arrays.copyOf(heap, 2 * size);
        keys = Arrays.copyOf(keys, 2 * size);
      }
      i = size++;
      heap[i] = m;
      keys[i] = deadline;
      siftUp(i);
      return;
    }
    long old = keys[i];
    keys[i] = deadline;
    if (deadline < old) {
      siftUp(i);
    } else if (deadline > old) {
      siftDown(i);
    }
  }

  /** Removes {@code m} if it is scheduled. */
  synchronized void remove(Member m) {
    removeLocked(m);
  }

  /**
   * Removes and returns up to {@code out.length} members due at {@code now}, earliest first.
   *
   * @return how many were written to {@code out}
   */
  synchronized int pollDue(long now, Member[] out) {
    int n = 0;
    while (n < out.length && size > 0 && keys[0] <= now) {
      Member m = heap[0];
      removeLocked(m);
      out[n++] = m;
    }
    return n;
  }

  /** The earliest deadline, or {@link Long#MAX_VALUE} if nothing is scheduled. */
  synchronized long earliest() {
    return size == 0 ? Long.MAX_VALUE : keys[0];
  }

  synchronized int size() {
    return size;
  }

  private void removeLocked(Member m) {
    int i = m.heapIndex;
    if (i < 0) {
      return;
    }
    m.heapIndex = -1;
    m.heapDeadline = Long.MAX_VALUE;
    int last = --size;
    Member moved = heap[last];
    long movedKey = keys[last];
    heap[last] = null;
    if (i == last) {
      return;
    }
    heap[i] = moved;
    keys[i] = movedKey;
    moved.heapIndex = i;
    siftUp(i);
    siftDown(moved.heapIndex);
  }

  private void siftUp(int i) {
    Member m = heap[i];
    long k = keys[i];
    while (i > 0) {
      int parent = (i - 1) >>> ARITY_SHIFT;
      long pk = keys[parent];
      if (pk <= k) {
        break;
      }
      Member p = heap[parent];
      heap[i] = p;
      keys[i] = pk;
      p.heapIndex = i;
      i = parent;
    }
    heap[i] = m;
    keys[i] = k;
    m.heapIndex = i;
  }

  private void siftDown(int i) {
    Member m = heap[i];
    long k = keys[i];
    while (true) {
      int first = (i << ARITY_SHIFT) + 1;
      if (first >= size) {
        break;
      }
      int end = Math.min(first + (1 << ARITY_SHIFT), size);
      int child = first;
      long ck = keys[first];
      for (int c = first + 1; c < end; c++) {
        if (keys[c] < ck) {
          ck = keys[c];
          child = c;
        }
      }
      if (k <= ck) {
        break;
      }
      Member moved = heap[child];
      heap[i] = moved;
      keys[i] = ck;
      moved.heapIndex = i;
      i = child;
    }
    heap[i] = m;
    keys[i] = k;
    m.heapIndex = i;
  }
}
