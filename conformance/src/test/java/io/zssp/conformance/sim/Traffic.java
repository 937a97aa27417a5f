package io.zssp.conformance.sim;

import java.util.ArrayDeque;
import java.util.Random;

/**
 * An application sending numbered payloads from one peer to another at random intervals while its
 * session can send. Sizes span 0 bytes to the session's maximum for its MTU: mostly one fragment,
 * sometimes a few, rarely up to 48. Pacing keeps every window of {@link #WINDOW_MILLIS} below 40
 * payloads and 512 KiB, so that (with delays under ~1 s) neither the receiver's reassembly bounds
 * (§15.4: 64 partial packets, 1 MiB) nor the 128-packet replay window (§10.2) can lose a payload
 * whose fragments all arrived: such losses would be the harness's doing, not the protocol's.
 */
final class Traffic {
  static final long WINDOW_MILLIS = 8_000;
  private static final int MAX_PER_WINDOW = 40;
  private static final long MAX_BYTES_PER_WINDOW = 512 * 1024;

  /** Gap between sends, in ms, and the share of large (multi-fragment) payloads. */
  record Profile(long minGapMillis, long maxGapMillis, double largeShare, int maxSize) {
    static final Profile BUSY = new Profile(30, 400, 0.2, Integer.MAX_VALUE);
    static final Profile PINGS = new Profile(300, 700, 0, 64);
  }

  private final SimPeer from;
  private final SimPeer to;
  private final Profile profile;
  private final long until;
  private final Random random;
  private final ArrayDeque<long[]> window = new ArrayDeque<>(); // {time, size}
  private long windowBytes;

  private Traffic(SimPeer from, SimPeer to, Profile profile, long until) {
    this.from = from;
    this.to = to;
    this.profile = profile;
    this.until = until;
    this.random = from.world().net.random();
  }

  /** Starts sending now and stops at virtual time {@code until}. */
  static void start(SimPeer from, SimPeer to, Profile profile, long until) {
    Traffic t = new Traffic(from, to, profile, until);
    SimNetwork net = from.world().net;
    net.schedule(net.nowMillis() + t.gap(), t::tick);
  }

  private long gap() {
    return profile.minGapMillis()
        + (long) (random.nextDouble() * (profile.maxGapMillis() - profile.minGapMillis() + 1));
  }

  private void tick() {
    SimNetwork net = from.world().net;
    long now = net.nowMillis();
    if (now >= until) {
      return;
    }
    while (!window.isEmpty() && window.peekFirst()[0] <= now - WINDOW_MILLIS) {
      windowBytes -= window.removeFirst()[1];
    }
    if (window.size() < MAX_PER_WINDOW) {
      int size =
          (int)
              Math.min(Math.min(pickSize(), profile.maxSize()), MAX_BYTES_PER_WINDOW - windowBytes);
      int sent = from.sendPayload(to, size);
      if (sent >= 0) {
        window.addLast(new long[] {now, sent});
        windowBytes += sent;
      }
    }
    net.schedule(now + gap(), this::tick);
  }

  /** 0..7 bytes (no room for an id), one fragment, a few fragments, or anything up to 48. */
  private int pickSize() {
    int oneFragment = from.mtu - 32;
    double r = random.nextDouble();
    if (r < 0.1) {
      return random.nextInt(8);
    }
    if (r < 1 - profile.largeShare()) {
      return random.nextInt(oneFragment + 1);
    }
    if (r < 1 - profile.largeShare() / 4) {
      return random.nextInt(4 * (from.mtu - 16));
    }
    if (random.nextInt(8) == 0) {
      return Integer.MAX_VALUE; // exactly the maximum: the sender clamps to maxPayloadSize()
    }
    return random.nextInt(48 * (from.mtu - 16));
  }
}
