package io.zssp.engine;

import java.util.Arrays;

/**
 * The sessions that want {@code service()} at some time, as a binary min-heap on their deadline
 * with each member's position kept in the member itself, so that scheduling, rescheduling and
 * removal are O(log n) and a removal from the middle restores the heap in both directions (the
 * canonical performance crate sifts only down: bug B10). {@code service()} pops only what is due,
 * so its cost does not grow with idle sessions.
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

  private Member[] heap = new Member[64];
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
    if (m.heapIndex < 0) {
      if (size == heap.length) {
        heap = Arrays.copyOf(heap, 2 * size);
      }
      m.heapDeadline = deadline;
      m.heapIndex = size;
      heap[size++] = m;
      siftUp(m.heapIndex);
      return;
    }
    long old = m.heapDeadline;
    m.heapDeadline = deadline;
    if (deadline < old) {
      siftUp(m.heapIndex);
    } else if (deadline > old) {
      siftDown(m.heapIndex);
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
    while (n < out.length && size > 0 && heap[0].heapDeadline <= now) {
      Member m = heap[0];
      removeLocked(m);
      out[n++] = m;
    }
    return n;
  }

  /** The earliest deadline, or {@link Long#MAX_VALUE} if nothing is scheduled. */
  synchronized long earliest() {
    return size == 0 ? Long.MAX_VALUE : heap[0].heapDeadline;
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
    Member last = heap[--size];
    heap[size] = null;
    if (i == size) {
      return;
    }
    heap[i] = last;
    last.heapIndex = i;
    siftUp(i);
    siftDown(last.heapIndex);
  }

  private void siftUp(int i) {
    Member m = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      Member p = heap[parent];
      if (p.heapDeadline <= m.heapDeadline) {
        break;
      }
      heap[i] = p;
      p.heapIndex = i;
      i = parent;
    }
    heap[i] = m;
    m.heapIndex = i;
  }

  private void siftDown(int i) {
    Member m = heap[i];
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && heap[right].heapDeadline < heap[child].heapDeadline) {
        child = right;
      }
      if (m.heapDeadline <= heap[child].heapDeadline) {
        break;
      }
      heap[i] = heap[child];
      heap[i].heapIndex = i;
      i = child;
    }
    heap[i] = m;
    m.heapIndex = i;
  }
}
