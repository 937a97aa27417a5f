package io.zssp.engine;

/**
 * The sessions that want {@code service()} at some time, kept in a hierarchical timing wheel
 * (Varghese and Lauck): scheduling, moving and removing a session cost O(1), whatever the number of
 * sessions, and {@code service()} touches only what is due. It replaced a 4-ary heap whose
 * per-event cost grew 3.8–6.8× from 10 k to 1 M sessions (issue 9; {@code TimerWheelBenchmark}).
 *
 * <p>Deadlines are in clock ticks (the engine's milliseconds; any {@code long}, negative included).
 * Four levels of 256 slots each cover 2<sup>8</sup>, 2<sup>16</sup>, 2<sup>24</sup> and
 * 2<sup>32</sup> ticks (≈ 50 days); later deadlines wait in an overflow list. A member sits on the
 * lowest level whose next-higher block it shares with {@link #current}: on level 0 in the slot of
 * its exact tick; on a higher level in a slot that is <em>cascaded</em> (its members placed again,
 * one level lower or more) when the wheel reaches the slot's first tick. So a member due within 50
 * days moves at most three times in its life (one in the overflow list once per 50 days more), and
 * within a tick the order is arbitrary but ticks come out in order.
 *
 * <p>Each slot is a doubly linked list threaded through the members themselves (no node objects,
 * nothing allocated after construction), and a bitmap per level says which slots hold anyone, so
 * finding the next thing to do costs a few word scans. A deadline already past when it is set (a
 * caller whose clock reading is older than the wheel's) goes to an <em>overdue</em> list that is
 * scanned first; with a clock that never goes back it holds only such races, a few members at most.
 *
 * <p>Thread-safe through one lock that guards only the wheel; nothing else is ever done while
 * holding it. A cascade re-links a whole slot under it: sessions created in one burst with the same
 * deadline share a slot, so a cascade of 100,000 of them holds the lock for milliseconds (once per
 * level), delaying only threads that move a deadline earlier (the data path does not take the lock
 * otherwise). Lock order: a session's lock may be held when calling in, never the reverse.
 */
final class TimerWheel {
  /**
   * A wheel member. Its deadline and slot are written only under the wheel's lock; they are
   * volatile so that a member's owner may read them (as a hint) without taking that lock. The links
   * are the wheel's alone.
   */
  abstract static class Member {
    volatile long timerDeadline = Long.MAX_VALUE;
    volatile int timerSlot = UNSCHEDULED;
    private Member timerNext;
    private Member timerPrev;

    /** Whether the member is in the wheel (a hint unless the wheel's lock is held). */
    final boolean isScheduled() {
      return timerSlot != UNSCHEDULED;
    }
  }

  static final int UNSCHEDULED = -1;
  private static final int LEVELS = 4;
  private static final int SLOT_BITS = 8;
  private static final int SLOTS = 1 << SLOT_BITS;
  private static final int SLOT_MASK = SLOTS - 1;
  private static final int WORDS = SLOTS / 64; // bitmap words per level
  private static final int OVERFLOW = LEVELS * SLOTS;
  private static final int OVERDUE = OVERFLOW + 1;

  private final Member[] heads = new Member[OVERDUE + 1];
  private final long[] occupied = new long[LEVELS * WORDS];

  /**
   * Every tick before this one has been processed: its cascades done, its level-0 slot drained. It
   * never decreases.
   */
  private long current;

  private int size;

  /** The slot {@link #nextCascadeTick()} chose last (guarded by the wheel's lock). */
  private int cascadeSlot = -1;

  /** A wheel whose first tick is {@code start} (the clock's time now). */
  TimerWheel(long start) {
    this.current = start;
  }

  /**
   * Sets {@code m}'s deadline: inserts it, moves it, or removes it if {@code deadline} is {@link
   * Long#MAX_VALUE}.
   */
  synchronized void schedule(Member m, long deadline) {
    if (deadline == Long.MAX_VALUE) {
      removeLocked(m);
      return;
    }
    int slot = slotFor(deadline);
    if (m.timerSlot != UNSCHEDULED) {
      if (m.timerSlot == slot) { // same list (a slot's order does not matter): no neighbour touched
        m.timerDeadline = deadline;
        return;
      }
      unlink(m);
    } else {
      size++;
    }
    m.timerDeadline = deadline;
    link(m, slot);
  }

  /** Removes {@code m} if it is scheduled. */
  synchronized void remove(Member m) {
    removeLocked(m);
  }

  /**
   * Removes and returns up to {@code out.length} members due at {@code now}: those with a deadline
   * at or before it. Members overdue when they were scheduled come first, then tick by tick.
   *
   * @return how many were written to {@code out}
   */
  synchronized int pollDue(long now, Member[] out) {
    int n = 0;
    while (n < out.length) {
      cascadeUpTo(now);
      Member m = firstDueOverdue(now);
      if (m == null) {
        long tick = nextLevel0Tick();
        if (tick > now) {
          if (current < now) {
            current = now; // nothing before now is left: later deadlines are placed lower
          }
          break;
        }
        // Not tick + 1 once the slot is empty: that may be the first tick of a block whose
        // overflow members have not been cascaded yet, and they would wait a whole block.
        current = tick;
        m = heads[(int) tick & SLOT_MASK];
      }
      removeLocked(m);
      out[n++] = m;
    }
    return n;
  }

  /** The first member of the overdue list that is due at {@code now}, or null. */
  private Member firstDueOverdue(long now) {
    for (Member m = heads[OVERDUE]; m != null; m = m.timerNext) {
      if (m.timerDeadline <= now) {
        return m;
      }
    }
    return null;
  }

  /**
   * A time at or before the earliest deadline, {@link Long#MAX_VALUE} if nothing is scheduled.
   * Whatever lies at or before {@code now} is placed first, so {@code earliest(now) <= now} exactly
   * when {@link #pollDue} would return someone; a later answer may be early (the first tick of a
   * higher level's slot, to be looked at then).
   */
  synchronized long earliest(long now) {
    cascadeUpTo(now);
    long earliest = nextEventTick();
    for (Member m = heads[OVERDUE]; m != null; m = m.timerNext) {
      earliest = Math.min(earliest, m.timerDeadline);
    }
    return earliest;
  }

  synchronized int size() {
    return size;
  }

  /** The first tick not yet processed (for tests). */
  synchronized long currentTick() {
    return current;
  }

  private void removeLocked(Member m) {
    if (m.timerSlot == UNSCHEDULED) {
      return;
    }
    unlink(m);
    m.timerSlot = UNSCHEDULED;
    m.timerDeadline = Long.MAX_VALUE;
    size--;
  }

  /** The list {@code deadline} belongs on, given {@link #current}. */
  private int slotFor(long deadline) {
    if (deadline < current) {
      return OVERDUE;
    }
    for (int level = 0; level < LEVELS; level++) {
      int above = SLOT_BITS * (level + 1);
      if ((deadline >> above) == (current >> above)) {
        return level * SLOTS + ((int) (deadline >> (SLOT_BITS * level)) & SLOT_MASK);
      }
    }
    return OVERFLOW;
  }

  private void link(Member m, int slot) {
    Member head = heads[slot];
    m.timerPrev = null;
    m.timerNext = head;
    if (head != null) {
      head.timerPrev = m;
    } else if (slot < OVERFLOW) {
      occupied[slot >>> 6] |= 1L << slot;
    }
    heads[slot] = m;
    m.timerSlot = slot;
  }

  private void unlink(Member m) {
    int slot = m.timerSlot;
    Member next = m.timerNext;
    Member prev = m.timerPrev;
    if (next != null) {
      next.timerPrev = prev;
    }
    if (prev != null) {
      prev.timerNext = next;
    } else {
      heads[slot] = next;
      if (next == null && slot < OVERFLOW) {
        occupied[slot >>> 6] &= ~(1L << slot);
      }
    }
    m.timerNext = null;
    m.timerPrev = null;
  }

  /**
   * Cascades every higher-level slot (and the overflow list) whose first tick is at or before
   * {@code now} and before any level-0 tick still to drain.
   */
  private void cascadeUpTo(long now) {
    while (true) {
      long at = nextCascadeTick();
      int which = cascadeSlot;
      if (which < 0 || at > now || at > nextLevel0Tick()) {
        return;
      }
      if (which == OVERFLOW) { // straight to the block of the earliest, not block by block
        long earliest = now;
        for (Member o = heads[OVERFLOW]; o != null; o = o.timerNext) {
          earliest = Math.min(earliest, o.timerDeadline);
        }
        at = Math.max(at, (earliest >> (SLOT_BITS * LEVELS)) << (SLOT_BITS * LEVELS));
      }
      current = at;
      Member m = heads[which];
      heads[which] = null;
      if (which < OVERFLOW) {
        occupied[which >>> 6] &= ~(1L << which);
      }
      while (m != null) {
        Member next = m.timerNext;
        link(m, slotFor(m.timerDeadline));
        m = next;
      }
    }
  }

  /** The earliest time anything is to be done: a level-0 tick, or where a cascade is due. */
  private long nextEventTick() {
    return Math.min(nextLevel0Tick(), nextCascadeTick());
  }

  /**
   * The first tick at which a higher level's slot or the overflow list is to be cascaded, {@link
   * Long#MAX_VALUE} if none; {@link #cascadeSlot} says which (on a tie the higher level, -1 if
   * none).
   */
  private long nextCascadeTick() {
    int which = -1;
    long at = Long.MAX_VALUE;
    for (int level = LEVELS - 1; level >= 1; level--) {
      int first = firstOccupied(level, index(current, level));
      if (first >= 0) {
        long tick = slotStart(level, first);
        if (tick < at) {
          which = level * SLOTS + first;
          at = tick;
        }
      }
    }
    if (heads[OVERFLOW] != null && overflowTick() < at) {
      which = OVERFLOW;
      at = overflowTick();
    }
    cascadeSlot = which;
    return at;
  }

  /**
   * The first tick of slot {@code index} of {@code level} in {@link #current}'s block, or {@link
   * #current} if that has passed (a slot reached by a jump and not cascaded yet).
   */
  private long slotStart(int level, int index) {
    return Math.max(current, blockStart(level + 1) | ((long) index << (SLOT_BITS * level)));
  }

  private long nextLevel0Tick() {
    int first = firstOccupied(0, (int) current & SLOT_MASK);
    return first < 0 ? Long.MAX_VALUE : blockStart(1) | first;
  }

  /** The first tick of {@link #current}'s block of {@code level}·8 bits. */
  private long blockStart(int level) {
    int bits = SLOT_BITS * level;
    return (current >> bits) << bits;
  }

  private long overflowTick() {
    long block = current >> (SLOT_BITS * LEVELS);
    return block == (Long.MAX_VALUE >> (SLOT_BITS * LEVELS))
        ? Long.MAX_VALUE - 1
        : (block + 1) << (SLOT_BITS * LEVELS);
  }

  private static int index(long tick, int level) {
    return (int) (tick >> (SLOT_BITS * level)) & SLOT_MASK;
  }

  /** The first occupied slot of {@code level} at or after {@code from}, or -1. */
  private int firstOccupied(int level, int from) {
    int base = level * WORDS;
    int word = from >>> 6;
    long bits = occupied[base + word] & (-1L << (from & 63));
    while (true) {
      if (bits != 0) {
        return (word << 6) + Long.numberOfTrailingZeros(bits);
      }
      if (++word == WORDS) {
        return -1;
      }
      bits = occupied[base + word];
    }
  }
}
