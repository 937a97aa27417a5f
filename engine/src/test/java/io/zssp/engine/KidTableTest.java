package io.zssp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class KidTableTest {
  /** 200,000 random operations on a few thousand keys agree with a HashMap at every step. */
  @Test
  void agreesWithAMap() {
    KidTable t = new KidTable();
    Map<Integer, Object> model = new HashMap<>();
    Random r = new Random(5);
    Object[] owners = {new Object(), new Object(), new Object()};
    for (int step = 0; step < 200_000; step++) {
      int key = (1 + r.nextInt(3000)) * (r.nextBoolean() ? 1 : -1); // never 0
      Object v = owners[r.nextInt(owners.length)];
      switch (r.nextInt(4)) {
        case 0:
          assertEquals(model.putIfAbsent(key, v) == null, t.putIfAbsent(key, v));
          break;
        case 1:
          boolean had = model.get(key) == v;
          if (had) {
            model.remove(key);
          }
          assertEquals(had, t.remove(key, v));
          break;
        case 2:
          Object to = owners[r.nextInt(owners.length)];
          boolean match = model.get(key) == v;
          if (match) {
            model.put(key, to);
          }
          assertEquals(match, t.replace(key, v, to));
          break;
        default:
          assertSame(model.get(key), t.get(key));
      }
      assertEquals(model.size(), t.size());
    }
    assertEquals(model.keySet(), t.keys());
  }

  @Test
  void growsAndShrinks_withoutLosingAnEntry() {
    KidTable t = new KidTable();
    Object o = new Object();
    for (int k = 1; k <= 100_000; k++) {
      assertTrue(t.putIfAbsent(k, o));
    }
    for (int k = 1; k <= 100_000; k++) {
      assertSame(o, t.get(k));
    }
    for (int k = 1; k <= 99_990; k++) {
      assertTrue(t.remove(k, o));
    }
    for (int round = 0; round < 50_000; round++) { // churn: removed slots are reclaimed
      assertTrue(t.putIfAbsent(200_000 + round, o));
      assertTrue(t.remove(200_000 + round, o));
    }
    for (int k = 99_991; k <= 100_000; k++) {
      assertSame(o, t.get(k));
    }
    assertNull(t.get(5));
    assertEquals(10, t.size());
  }

  /**
   * Readers never miss an entry that is registered throughout, while a writer adds and removes
   * others and the table is rebuilt many times.
   */
  @Test
  void concurrentReaders_alwaysFindStableEntries() throws Exception {
    KidTable t = new KidTable();
    Object stable = new Object();
    Object churn = new Object();
    int[] stableKeys = new int[512];
    for (int i = 0; i < stableKeys.length; i++) {
      stableKeys[i] = -(i + 1) * 104_729;
      assertTrue(t.putIfAbsent(stableKeys[i], stable));
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> failure = new AtomicReference<>();
    List<Thread> readers = new ArrayList<>();
    for (int n = 0; n < 2; n++) {
      Thread reader =
          new Thread(
              () -> {
                int i = 0;
                while (!stop.get()) {
                  int k = stableKeys[i++ & (stableKeys.length - 1)];
                  if (t.get(k) != stable) {
                    failure.compareAndSet(null, "lost " + k);
                  }
                }
              });
      reader.start();
      readers.add(reader);
    }
    Random r = new Random(9);
    for (int round = 0; round < 200; round++) {
      int base = 1 + r.nextInt(1 << 20) * 64;
      for (int k = 0; k < 2000; k++) {
        t.putIfAbsent(base + k, churn);
      }
      for (int k = 0; k < 2000; k++) {
        t.remove(base + k, churn);
      }
    }
    stop.set(true);
    for (Thread reader : readers) {
      reader.join();
    }
    assertNull(failure.get());
    assertEquals(stableKeys.length, t.size());
    assertFalse(t.putIfAbsent(stableKeys[0], churn));
  }
}
