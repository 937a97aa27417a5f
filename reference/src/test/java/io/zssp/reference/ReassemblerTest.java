package io.zssp.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.reference.Reassembler.Limits;
import io.zssp.reference.Reassembler.ReassemblyDrop;
import io.zssp.wire.FragmentHeader;
import io.zssp.wire.Fragmenter;
import io.zssp.wire.Nonces;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/** Reassembly rules of ZSSP-SPEC §6.7 and the bounds of §15.3/§15.4, with a virtual clock. */
class ReassemblerTest {
  private static final int DATA = 8;
  private final Map<ReassemblyDrop, Integer> drops = new EnumMap<>(ReassemblyDrop.class);

  private Reassembler reassembler(Limits limits, int maxAssembled) {
    return new Reassembler(
        limits, type -> maxAssembled, (r, source) -> drops.merge(r, 1, Integer::sum));
  }

  private Reassembler session() {
    return reassembler(Limits.session(), Fragmenter.maxPacketSize(1500));
  }

  private int dropped(ReassemblyDrop reason) {
    return drops.getOrDefault(reason, 0);
  }

  private static byte[] packet(int len, int seed) {
    byte[] p = new byte[len];
    new Random(seed).nextBytes(p);
    return p;
  }

  private static List<byte[]> fragments(byte[] packet, int mtu, long counter) {
    List<byte[]> out = new ArrayList<>();
    assertTrue(
        Fragmenter.fragment(
            packet,
            0,
            packet.length,
            new byte[4],
            DATA,
            counter,
            mtu,
            null,
            (b, off, len) -> out.add(Arrays.copyOfRange(b, off, off + len))));
    return out;
  }

  /** A hand-made datagram: header (kid 0, reserved 0) ‖ payload of {@code payloadLen} × fill. */
  private static byte[] datagram(
      int no, int count, int type, long counter, int payloadLen, int fill) {
    byte[] d = new byte[16 + payloadLen];
    FragmentHeader.write(d, 0, new byte[4], no, count, type, counter);
    Arrays.fill(d, 16, d.length, (byte) fill);
    return d;
  }

  private static byte[] offer(Reassembler r, Object source, byte[] d, long now) {
    return r.offer(source, d, 0, d.length, now);
  }

  @Test
  void offer_allFragmentOrders_assembleExactlyOnce() {
    byte[] p = packet(503, 1); // 5 fragments at MTU 128: 101, 101, 101, 100, 100 payload bytes
    List<byte[]> frags = fragments(p, 128, 77);
    assertEquals(5, frags.size());
    Reassembler r = session(); // one buffer for all 120 orders: completed entries must be removed
    List<List<Integer>> orders = permutations(5);
    assertEquals(120, new HashSet<>(orders).size());
    for (List<Integer> order : orders) {
      for (int i = 0; i < order.size(); i++) {
        byte[] result = offer(r, null, frags.get(order.get(i)), 0);
        if (i < order.size() - 1) {
          assertNull(result, "order " + order + " step " + i);
        } else {
          assertArrayEquals(p, result, "order " + order);
        }
      }
      assertEquals(0, r.size());
      assertEquals(0, r.bufferedBytes());
    }
    assertEquals(Map.of(), drops);
  }

  @Test
  void offer_twoInterleavedPacketsShuffled_bothAssemble() {
    byte[] a = packet(503, 2);
    byte[] b = packet(1000, 3); // 9 fragments
    List<byte[]> all = new ArrayList<>(fragments(a, 128, 1));
    all.addAll(fragments(b, 128, 2));
    Reassembler r = session();
    for (int seed = 0; seed < 500; seed++) {
      Collections.shuffle(all, new Random(seed));
      List<byte[]> done = new ArrayList<>();
      for (byte[] d : all) {
        byte[] result = offer(r, null, d, seed);
        if (result != null) {
          done.add(result);
        }
      }
      assertEquals(2, done.size(), "seed " + seed);
      assertTrue(
          Arrays.equals(done.get(0), a)
              ? Arrays.equals(done.get(1), b)
              : Arrays.equals(done.get(0), b) && Arrays.equals(done.get(1), a),
          "seed " + seed);
      assertEquals(0, r.size());
    }
    assertEquals(Map.of(), drops);
  }

  /**
   * A half-open entry's X3 buffer holds one partial X3 of at most ≈ 4.2 KB (§15.2), where a
   * session's would take 64 packets and 1 MiB: partial X3s with other nonces evict each other.
   */
  @Test
  void x3Limits_onePartialPacket_andX3SizeOnly() {
    Reassembler r = reassembler(Limits.x3(), io.zssp.wire.XkResponder.X3_MAX_SIZE);
    for (int counter = 0; counter < 100; counter++) {
      offer(r, null, datagram(0, 48, 3, counter, 80, counter), 0); // first of 48, never completed
      assertEquals(1, r.size());
      assertTrue(r.bufferedBytes() <= io.zssp.wire.XkResponder.X3_MAX_SIZE + 96);
    }
    byte[] tooBig = packet(io.zssp.wire.XkResponder.X3_MAX_SIZE + 1, 5);
    for (byte[] d : fragments(tooBig, 1500, 1000)) {
      assertNull(offer(r, null, d, 0), "longer than any X3: never assembled");
    }
  }

  @Test
  void offer_singleFragment_bypassesBuffer() {
    Reassembler r = session();
    byte[] d = datagram(0, 1, DATA, 5, 40, 0x11);
    byte[] result = offer(r, null, d, 0);
    assertArrayEquals(Arrays.copyOfRange(d, 16, 56), result);
    assertEquals(0, r.size());
    assertArrayEquals(result, offer(r, null, d, 0), "no duplicate state for count 1");
  }

  @Test
  void offer_duplicateFragment_droppedAndNotReplacing() {
    Reassembler r = session();
    assertNull(offer(r, null, datagram(0, 2, DATA, 9, 100, 0xaa), 0));
    assertNull(offer(r, null, datagram(0, 2, DATA, 9, 100, 0xbb), 1));
    assertEquals(1, dropped(ReassemblyDrop.DUPLICATE_FRAGMENT));
    byte[] result = offer(r, null, datagram(1, 2, DATA, 9, 100, 0xcc), 2);
    assertNotNull(result);
    assertEquals((byte) 0xaa, result[0]);
    assertEquals((byte) 0xaa, result[99]);
    assertEquals((byte) 0xcc, result[100]);
  }

  @Test
  void offer_inconsistentCount_dropped() {
    Reassembler r = session();
    assertNull(offer(r, null, datagram(0, 3, DATA, 9, 100, 1), 0));
    assertNull(offer(r, null, datagram(1, 4, DATA, 9, 100, 2), 0));
    assertNull(offer(r, null, datagram(1, 2, DATA, 9, 100, 2), 0));
    assertEquals(2, dropped(ReassemblyDrop.INCONSISTENT_COUNT));
    assertNull(offer(r, null, datagram(1, 3, DATA, 9, 100, 2), 0));
    assertNotNull(offer(r, null, datagram(2, 3, DATA, 9, 100, 3), 0));
  }

  @Test
  void offer_payloadSizeOffByMoreThanOne_dropped() {
    Reassembler r = session();
    assertNull(offer(r, null, datagram(0, 4, DATA, 9, 100, 1), 0));
    assertNull(offer(r, null, datagram(1, 4, DATA, 9, 102, 2), 0));
    assertNull(offer(r, null, datagram(1, 4, DATA, 9, 98, 2), 0));
    assertEquals(2, dropped(ReassemblyDrop.FRAGMENT_SIZE_MISMATCH));
    assertNull(offer(r, null, datagram(1, 4, DATA, 9, 101, 2), 0));
    assertNull(offer(r, null, datagram(2, 4, DATA, 9, 99, 3), 0));
    assertEquals(400, offer(r, null, datagram(3, 4, DATA, 9, 100, 4), 0).length);
  }

  @Test
  void offer_beyondTypeMaximum_droppedEarly() {
    Reassembler r = reassembler(Limits.session(), 300);
    // First fragment: 100 + 2 * 99 = 298 is possible; 101 + 2 * 100 = 301 is not.
    assertNull(offer(r, null, datagram(0, 3, DATA, 1, 101, 1), 0));
    assertEquals(1, dropped(ReassemblyDrop.TOO_LARGE));
    assertEquals(0, r.size());
    assertEquals(0, r.bufferedBytes());
    // Later fragment: 100 + 101 + 101 = 302 > 300 discards the partial packet with it.
    assertNull(offer(r, null, datagram(0, 3, DATA, 2, 100, 1), 0));
    assertNull(offer(r, null, datagram(1, 3, DATA, 2, 101, 1), 0));
    assertNull(offer(r, null, datagram(2, 3, DATA, 2, 101, 1), 0));
    assertEquals(2, dropped(ReassemblyDrop.TOO_LARGE));
    assertEquals(0, r.size());
    assertNull(offer(r, null, datagram(0, 1, DATA, 3, 301, 1), 0), "single fragment too");
    assertEquals(3, dropped(ReassemblyDrop.TOO_LARGE));
    Reassembler refuses = reassembler(Limits.session(), 0);
    assertNull(offer(refuses, null, datagram(0, 1, 7, 3, 16, 1), 0));
    assertEquals(4, dropped(ReassemblyDrop.TOO_LARGE));
  }

  @Test
  void offer_badCountOrMalformed_dropped() {
    Reassembler r = session();
    assertNull(offer(r, null, datagram(0, 0, DATA, 1, 50, 1), 0));
    assertNull(offer(r, null, datagram(0, 49, DATA, 1, 50, 1), 0));
    assertNull(offer(r, null, datagram(2, 2, DATA, 1, 50, 1), 0));
    assertNull(offer(r, null, datagram(200, 3, DATA, 1, 50, 1), 0));
    assertEquals(4, dropped(ReassemblyDrop.BAD_COUNT));
    byte[] d = datagram(0, 1, DATA, 1, 50, 1);
    assertNull(offer(r, null, datagram(0, 1, DATA, 1, 0, 1), 0)); // header only
    assertNull(r.offer(null, d, 0, 15, 0));
    assertNull(r.offer(null, null, 0, 40, 0));
    assertNull(r.offer(null, d, 50, 40, 0));
    assertNull(r.offer(null, d, -1, 40, 0));
    assertNull(r.offer(null, d, 0, -5, 0));
    assertNull(r.offer(null, d, Integer.MAX_VALUE, 40, 0));
    assertEquals(7, dropped(ReassemblyDrop.MALFORMED));
    assertEquals(0, r.size());
  }

  @Test
  void expire_fiveSecondsAfterLastFragment_removesEntry() {
    Reassembler r = session();
    assertNull(offer(r, null, datagram(0, 3, DATA, 1, 100, 1), 0));
    assertNull(offer(r, null, datagram(1, 3, DATA, 1, 100, 1), 4000));
    r.expire(8999);
    assertEquals(1, r.size());
    r.expire(9000);
    assertEquals(0, r.size());
    assertEquals(0, r.bufferedBytes());
    assertEquals(1, dropped(ReassemblyDrop.EXPIRED));
    // A late fragment of an expired but not yet purged entry starts a new partial packet.
    assertNull(offer(r, null, datagram(0, 2, DATA, 2, 100, 1), 10_000));
    assertNull(offer(r, null, datagram(1, 2, DATA, 2, 100, 1), 15_000));
    assertEquals(2, dropped(ReassemblyDrop.EXPIRED));
    assertEquals(1, r.size());
    assertNotNull(offer(r, null, datagram(0, 2, DATA, 2, 100, 1), 19_999));
    assertEquals(0, r.size());
  }

  @Test
  void expire_configuredTimeout_usedInsteadOfDefault() {
    Reassembler r = reassembler(Limits.session().withTimeoutMillis(100), 1000);
    assertNull(offer(r, null, datagram(0, 2, DATA, 1, 100, 1), 0));
    r.expire(99);
    assertEquals(1, r.size());
    r.expire(100);
    assertEquals(0, r.size());
  }

  @Test
  void offer_floodFromOneSource_quotaProtectsOtherSources() {
    Reassembler r = reassembler(Limits.helloCache(), 1749);
    assertNull(offer(r, "legit", datagram(0, 2, 0, 42, 875, 1), 0));
    for (int i = 0; i < 10_000; i++) {
      assertNull(offer(r, "attacker", datagram(0, 2, 0, i, 875, 2), i / 10));
      assertTrue(r.size() <= 5, "size " + r.size());
    }
    assertEquals(10_000 - 4, dropped(ReassemblyDrop.EVICTED));
    byte[] x1 = offer(r, "legit", datagram(1, 2, 0, 42, 874, 3), 999);
    assertNotNull(x1, "the legitimate hello survived the flood");
    assertEquals(1749, x1.length);
  }

  @Test
  void offer_floodFromManySources_neverExceedsEntryCap() {
    Limits limits = Limits.helloCache();
    Reassembler r = reassembler(limits, 1749);
    for (int i = 0; i < 10_000; i++) {
      assertNull(offer(r, i, datagram(0, 16, 0, i, 110, 2), 0));
      assertTrue(r.size() <= limits.maxEntries(), "size " + r.size());
      assertTrue(r.bufferedBytes() <= limits.maxBufferedBytes());
    }
    assertEquals(256, r.size());
    assertEquals(10_000 - 256, dropped(ReassemblyDrop.EVICTED));
  }

  @Test
  void offer_floodOfLargeFragments_neverExceedsByteCap() {
    Limits limits = Limits.session();
    Reassembler r = reassembler(limits, Fragmenter.maxPacketSize(65_535));
    for (int i = 0; i < 10_000; i++) {
      assertNull(offer(r, null, datagram(i % 47, 48, DATA, i / 3, 20_000, 2), 0));
      assertTrue(r.size() <= limits.maxEntries(), "size " + r.size());
      assertTrue(r.bufferedBytes() <= limits.maxBufferedBytes(), "bytes " + r.bufferedBytes());
    }
    assertTrue(dropped(ReassemblyDrop.EVICTED) > 0);
    assertNull(offer(r, null, datagram(0, 2, DATA, 1L << 40, (1 << 20) + 1, 2), 0));
    assertEquals(1, dropped(ReassemblyDrop.BUFFER_FULL), "a fragment larger than the cap");
  }

  @Test
  void offer_randomHostileInput_neverThrowsAndStaysBounded() {
    Random rnd = new Random(20261125);
    Limits tight = new Limits(16, 3, 20_000, 5000);
    IntUnaryOperator[] maxSizes = {
      type -> 1749, type -> 6000, type -> FragmenterTest.specMaxAssembledSize(type, 1500)
    };
    Reassembler[] buffers = {
      reassembler(Limits.helloCache(), 1749),
      reassembler(tight, 6000),
      new Reassembler(tight, maxSizes[2], (r, source) -> {})
    };
    Limits[] limits = {Limits.helloCache(), tight, tight};
    Object[] sources = {null, "a", "b", 1, 2, 3, 4L};
    int[] counts = {0, 1, 2, 3, 16, 48, 49, 255};
    byte[] buf = new byte[2100];
    long now = 0;
    int assembled = 0;
    for (int i = 0; i < 100_000; i++) {
      now += rnd.nextInt(50);
      int len =
          rnd.nextInt(10) == 0 ? rnd.nextInt(40) : 17 + rnd.nextInt(rnd.nextBoolean() ? 200 : 2000);
      int off = rnd.nextInt(4);
      rnd.nextBytes(buf);
      int count = rnd.nextBoolean() ? counts[rnd.nextInt(counts.length)] : rnd.nextInt(256);
      buf[off + 5] = (byte) count;
      int no = rnd.nextInt(4) == 0 ? rnd.nextInt(256) : rnd.nextInt(Math.max(1, count));
      buf[off + 4] = (byte) no;
      buf[off + 6] = (byte) (rnd.nextInt(20) == 0 ? 1 : 0);
      buf[off + 7] = (byte) rnd.nextInt(11);
      Nonces.writeU64(buf, off + 8, rnd.nextInt(8) == 0 ? rnd.nextLong() : rnd.nextInt(6));
      if (rnd.nextInt(100) == 0) {
        off = rnd.nextInt(3000) - 500; // out-of-range slices must be dropped, not thrown
      }
      Object source = sources[rnd.nextInt(sources.length)];
      for (int b = 0; b < buffers.length; b++) {
        byte[] result = buffers[b].offer(source, buf, off, len, now);
        if (result != null) {
          assembled++;
          assertTrue(result.length <= maxSizes[b].applyAsInt(buf[off + 7]));
        }
        assertTrue(buffers[b].size() <= limits[b].maxEntries());
        assertTrue(buffers[b].bufferedBytes() >= 0);
        assertTrue(buffers[b].bufferedBytes() <= limits[b].maxBufferedBytes());
      }
      if (rnd.nextInt(1000) == 0) {
        buffers[rnd.nextInt(buffers.length)].expire(now);
      }
    }
    assertTrue(assembled > 1000, "some random packets assemble: " + assembled);
    for (Reassembler r : buffers) {
      r.expire(now + 5000);
      assertEquals(0, r.size());
      assertEquals(0, r.bufferedBytes());
    }
  }

  /** All orders of 0..n-1 (Heap's algorithm). */
  private static List<List<Integer>> permutations(int n) {
    List<List<Integer>> out = new ArrayList<>();
    heap(new ArrayList<>(List.of(0, 1, 2, 3, 4).subList(0, n)), n, out);
    return out;
  }

  private static void heap(List<Integer> a, int k, List<List<Integer>> out) {
    if (k == 1) {
      out.add(List.copyOf(a));
      return;
    }
    heap(a, k - 1, out);
    for (int i = 0; i < k - 1; i++) {
      Collections.swap(a, k % 2 == 0 ? i : 0, k - 1);
      heap(a, k - 1, out);
    }
  }
}
