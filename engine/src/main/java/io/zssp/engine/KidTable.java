package io.zssp.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An int → object map for the key-id registry: lookups take no lock and allocate nothing (a {@code
 * ConcurrentHashMap<Integer, …>} boxes the key of every received datagram), writers take this
 * object's monitor. Open addressing with linear probing in two parallel arrays, at most half full
 * counting removed slots, so a probe sequence is short and always ends at an empty slot.
 *
 * <p>Publication: a writer stores the value, then the key, each with release semantics; a reader
 * loads the key, then the value, with acquire semantics, so a reader that sees a key sees its value
 * or a later one. A removed entry keeps its key with a null value (a tombstone, reused if the same
 * key returns; cleared when the table is rebuilt). A rebuild publishes a new table through a
 * volatile field; a reader still probing the old one may miss an entry added during the rebuild or
 * still see one removed, like any lookup that races with a write. Callers re-check what they get
 * under the owner's lock.
 *
 * <p>Key 0 is not stored (ZSSP never registers kid 0; the empty slot is 0).
 */
final class KidTable {
  private static final VarHandle KEYS = MethodHandles.arrayElementVarHandle(int[].class);
  private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(Object[].class);

  private static final class Table {
    final int[] keys;
    final Object[] values;
    final int mask;

    Table(int capacity) {
      keys = new int[capacity];
      values = new Object[capacity];
      mask = capacity - 1;
    }
  }

  private volatile Table table = new Table(64);
  private int live; // guarded by this
  private int used; // slots with a key, live or removed; guarded by this

  private static int slot(int key, int mask) {
    return (key * 0x9E3779B9 >>> 7) & mask; // kids are random; the mix spreads chosen ones
  }

  /** The value registered under {@code key}, or null. Lock-free; allocates nothing. */
  Object get(int key) {
    Table t = table;
    int[] keys = t.keys;
    for (int i = slot(key, t.mask); ; i = (i + 1) & t.mask) {
      int k = (int) KEYS.getAcquire(keys, i);
      if (k == key) {
        return VALUES.getAcquire(t.values, i);
      }
      if (k == 0) {
        return null;
      }
    }
  }

  /** Registers {@code value} under {@code key} unless it has one; true if it did. */
  synchronized boolean putIfAbsent(int key, Object value) {
    if (key == 0 || value == null) {
      throw new IllegalArgumentException("key 0 or null value");
    }
    Table t = table;
    int i = find(t, key);
    if (i >= 0) {
      if (t.values[i] != null) {
        return false;
      }
      VALUES.setRelease(t.values, i, value); // a removed slot of the same key comes back
      live++;
      return true;
    }
    if (2 * (used + 1) > t.keys.length) {
      t = rebuild(t, live + 1);
    }
    i = freeSlot(t, key);
    VALUES.setRelease(t.values, i, value);
    KEYS.setRelease(t.keys, i, key);
    live++;
    used++;
    return true;
  }

  /** Re-points {@code key} from {@code expected} to {@code value}; false if it is not there. */
  synchronized boolean replace(int key, Object expected, Object value) {
    Table t = table;
    int i = find(t, key);
    if (i < 0 || t.values[i] != expected || expected == null || value == null) {
      return false;
    }
    VALUES.setRelease(t.values, i, value);
    return true;
  }

  /** Removes {@code key} if it is registered to {@code expected}; true if it was. */
  synchronized boolean remove(int key, Object expected) {
    Table t = table;
    int i = find(t, key);
    if (i < 0 || t.values[i] != expected || expected == null) {
      return false;
    }
    VALUES.setRelease(t.values, i, null);
    live--;
    return true;
  }

  synchronized int size() {
    return live;
  }

  /** The registered keys (a snapshot, for tests and diagnostics). */
  synchronized java.util.Set<Integer> keys() {
    Table t = table;
    java.util.Set<Integer> out = new java.util.HashSet<>();
    for (int i = 0; i < t.keys.length; i++) {
      if (t.keys[i] != 0 && t.values[i] != null) {
        out.add(t.keys[i]);
      }
    }
    return java.util.Set.copyOf(out);
  }

  /** The slot holding {@code key} (live or removed), or -1. Under the monitor. */
  private static int find(Table t, int key) {
    for (int i = slot(key, t.mask); ; i = (i + 1) & t.mask) {
      int k = t.keys[i];
      if (k == key) {
        return i;
      }
      if (k == 0) {
        return -1;
      }
    }
  }

  private static int freeSlot(Table t, int key) {
    int i = slot(key, t.mask);
    while (t.keys[i] != 0) {
      i = (i + 1) & t.mask;
    }
    return i;
  }

  /** A table for {@code entries} live entries, at most a quarter full, without removed slots. */
  private Table rebuild(Table old, int entries) {
    int capacity = old.keys.length;
    while (capacity < 4 * entries) {
      capacity <<= 1;
    }
    while (capacity > 64 && capacity >= 16 * entries) {
      capacity >>>= 1;
    }
    Table t = new Table(capacity);
    for (int i = 0; i < old.keys.length; i++) {
      Object v = old.values[i];
      if (old.keys[i] != 0 && v != null) {
        int j = freeSlot(t, old.keys[i]);
        t.keys[j] = old.keys[i];
        t.values[j] = v;
      }
    }
    used = live;
    table = t; // volatile: the filled table is published whole
    return t;
  }
}
