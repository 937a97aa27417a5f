package io.zssp.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.zssp.api.DataTooLargeException;
import io.zssp.api.ProtocolConstants;
import io.zssp.api.Session;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Test traffic: Alice sends numbered messages, Bob checks each (content, exactly once) and echoes
 * it, Alice checks every echo against what she sent. Pacing is a window of outstanding messages and
 * fragments so loopback socket buffers never overflow; every wait is bounded, and a message whose
 * echo does not come within {@link #ECHO_TIMEOUT_MILLIS} is counted as lost (a late echo is then
 * accepted once) instead of hanging the test.
 *
 * <p>A message of 4 bytes or more starts with its sequence number and is otherwise a function of
 * (sequence number, size); shorter messages are told apart by size (at most one of each size is
 * outstanding).
 */
final class UdpEchoTraffic {
  static final long ECHO_TIMEOUT_MILLIS = 2_000;
  private static final int WINDOW_MESSAGES = 16;
  private static final int WINDOW_FRAGMENTS = 96;

  /** Outcome of a run, from Alice's and Bob's points of view. */
  record Result(
      long sent,
      long echoed,
      long lost,
      long lateEchoes,
      long bytesSent,
      long bobDeliveries,
      long bobDuplicates,
      long bobCorrupt) {
    /** Fails unless nothing was corrupted or duplicated and at most 1% (at least 1) was lost. */
    void assertIntact() {
      if (bobDuplicates != 0
          || bobCorrupt != 0
          || echoed + lost != sent
          || lost > Math.max(1, sent / 100)
          || bobDeliveries < echoed) {
        fail("traffic not intact: " + this);
      }
    }
  }

  private final Session alice;
  private final UdpTestPeer alicePeer;
  private final int mtu;
  private final int max;
  private final List<Integer> edgeSizes = new ArrayList<>();
  private final SplittableRandom sizes = new SplittableRandom(42);
  private final Set<Integer> bobSeen = ConcurrentHashMap.newKeySet();
  private final AtomicLong bobDeliveries = new AtomicLong();
  private final AtomicLong bobDuplicates = new AtomicLong();
  private final AtomicLong bobCorrupt = new AtomicLong();

  private final Map<Integer, byte[]> outstanding = new HashMap<>();
  private final Deque<Integer> order = new ArrayDeque<>();
  private final Integer[] tiny = new Integer[4];
  private final Map<Integer, byte[]> lost = new HashMap<>();
  private int fragmentsOutstanding;
  private long echoed;
  private long lateEchoes;
  private long bytesSent;

  /** Makes {@code bob} check and echo everything it receives; Alice's echoes go to her queue. */
  UdpEchoTraffic(UdpTestPeer alicePeer, Session alice, UdpTestPeer bob) {
    this.alicePeer = alicePeer;
    this.alice = alice;
    this.max = alice.maxPayloadSize();
    this.mtu =
        (max + ProtocolConstants.AES_GCM_TAG_SIZE_IN_BYTES) / ProtocolConstants.MAX_FRAGMENTS
            + ProtocolConstants.FRAGMENT_HEADER_SIZE_IN_BYTES;
    for (int s : new int[] {0, 1, 2, 3, 4, 5}) {
      edgeSizes.add(s);
    }
    for (int k : new int[] {1, 2, 3, 47, 48}) {
      int boundary =
          k * (mtu - ProtocolConstants.FRAGMENT_HEADER_SIZE_IN_BYTES)
              - ProtocolConstants.AES_GCM_TAG_SIZE_IN_BYTES;
      for (int s = boundary - 1; s <= Math.min(boundary + 1, max); s++) {
        edgeSizes.add(s);
      }
    }
    bob.onData =
        (session, m) -> {
          bobDeliveries.incrementAndGet();
          if (m.length >= 4) {
            int seq = readInt(m);
            if (!bobSeen.add(seq)) {
              bobDuplicates.incrementAndGet();
            }
            if (!java.util.Arrays.equals(m, payload(seq, m.length))) {
              bobCorrupt.incrementAndGet();
            }
          }
          try {
            session.send(m, 0, m.length); // on Bob's I/O thread, inside the context's receive
          } catch (DataTooLargeException e) {
            bobCorrupt.incrementAndGet();
          }
        };
  }

  /** The message of sequence number {@code seq} and length {@code size}. */
  static byte[] payload(int seq, int size) {
    byte[] p = new byte[size];
    new SplittableRandom(seq * 0x9E3779B97F4A7C15L + size).nextBytes(p);
    if (size >= 4) {
      p[0] = (byte) (seq >>> 24);
      p[1] = (byte) (seq >>> 16);
      p[2] = (byte) (seq >>> 8);
      p[3] = (byte) seq;
    }
    return p;
  }

  /** Sizes: every edge first (0..5, fragment boundaries ±1, the maximum), then a mix. */
  int sizeFor(int seq, int largest) {
    if (seq < edgeSizes.size()) {
      return Math.min(edgeSizes.get(seq), largest);
    }
    int roll = sizes.nextInt(10);
    int bound = roll < 6 ? mtu : roll < 9 ? 8 * mtu : largest + 1;
    return sizes.nextInt(Math.min(bound, largest + 1));
  }

  /**
   * Sends up to {@code count} messages of at most {@code largest} bytes, stopping early once {@code
   * done} holds, then waits (bounded) for the outstanding echoes.
   */
  Result run(int count, int largest, BooleanSupplier done) throws Exception {
    int seq = 0;
    for (; seq < count && !done.getAsBoolean(); seq++) {
      int size = sizeFor(seq, Math.min(largest, max));
      int fragments = fragments(size);
      while (!outstanding.isEmpty()
          && (outstanding.size() >= WINDOW_MESSAGES
              || fragmentsOutstanding + fragments > WINDOW_FRAGMENTS
              || (size < 4 && tiny[size] != null))) {
        awaitEcho();
      }
      byte[] m = payload(seq, size);
      alice.send(m, 0, m.length);
      bytesSent += size;
      outstanding.put(seq, m);
      order.addLast(seq);
      fragmentsOutstanding += fragments;
      if (size < 4) {
        tiny[size] = seq;
      }
    }
    while (!outstanding.isEmpty()) {
      awaitEcho();
    }
    return new Result(
        seq,
        echoed,
        lost.size(),
        lateEchoes,
        bytesSent,
        bobDeliveries.get(),
        bobDuplicates.get(),
        bobCorrupt.get());
  }

  private void awaitEcho() throws InterruptedException {
    byte[] e = alicePeer.data.poll(ECHO_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    if (e == null) {
      int oldest = order.peekFirst();
      lost.put(oldest, outstanding.get(oldest));
      forget(oldest);
      return;
    }
    Integer seq = e.length >= 4 ? Integer.valueOf(readInt(e)) : tiny[e.length];
    if (seq != null
        && outstanding.containsKey(seq)
        && java.util.Arrays.equals(outstanding.get(seq), e)) {
      forget(seq);
      echoed++;
      return;
    }
    for (Map.Entry<Integer, byte[]> l : lost.entrySet()) {
      if (java.util.Arrays.equals(l.getValue(), e)) {
        lost.remove(l.getKey());
        echoed++;
        lateEchoes++;
        return;
      }
    }
    assertArrayEquals(
        seq == null ? null : outstanding.get(seq),
        e,
        "unexpected echo (corrupt or duplicate) of " + e.length + " bytes, seq " + seq);
  }

  private void forget(int seq) {
    byte[] m = outstanding.remove(seq);
    order.remove(seq);
    fragmentsOutstanding -= fragments(m.length);
    if (m.length < 4 && Integer.valueOf(seq).equals(tiny[m.length])) {
      tiny[m.length] = null;
    }
  }

  private int fragments(int size) {
    int perFragment = mtu - ProtocolConstants.FRAGMENT_HEADER_SIZE_IN_BYTES;
    return (size + ProtocolConstants.AES_GCM_TAG_SIZE_IN_BYTES + perFragment - 1) / perFragment;
  }

  private static int readInt(byte[] b) {
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }
}
