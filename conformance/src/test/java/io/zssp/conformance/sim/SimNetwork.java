package io.zssp.conformance.sim;

import io.zssp.api.PeerAddress;
import io.zssp.api.ZsspClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * A deterministic in-memory datagram network with a virtual clock. Everything that happens is an
 * event in one priority queue ordered by (time, insertion order): datagram deliveries, peers'
 * {@code service()} deadlines and the applications' own timers. Loss, duplication and delay come
 * from one {@link Random} seeded by the scenario; the wall clock is never read.
 *
 * <p>Datagrams a peer sends while sending a payload carry a {@link Tag} (payload id, fragment
 * number) known only to the harness, so the {@link PayloadLedger} learns whether every fragment of
 * a payload reached the receiver. The network also checks that no datagram exceeds its sender's
 * MTU.
 *
 * <p>Not thread-safe: one simulation runs on one thread.
 */
final class SimNetwork implements ZsspClock {
  /** Something that receives datagrams at an address. */
  interface Endpoint {
    void receive(PeerAddress from, byte[] datagram);
  }

  /** Harness-only label of a datagram that carries fragment {@code fragment} of a payload. */
  record Tag(long payloadId, int fragment) {}

  /** Told about every tagged copy just before its endpoint receives it. */
  interface TagListener {
    void delivered(Tag tag, long now);
  }

  /** A scripted fault: datagrams it selects are dropped before the link's own randomness. */
  interface Filter {
    boolean drop(PeerAddress from, PeerAddress to, byte[] datagram);
  }

  private record Event(long at, long seq, Runnable action) {}

  private final Random random;
  private final PriorityQueue<Event> queue =
      new PriorityQueue<>(
          (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private final Map<PeerAddress, Endpoint> endpoints = new HashMap<>();
  private final Map<List<PeerAddress>, LinkProfile> links = new HashMap<>();
  private final List<String> violations = new ArrayList<>();
  private LinkProfile defaultProfile = LinkProfile.PERFECT;
  private TagListener tagListener = (tag, now) -> {};
  private Filter filter = (from, to, d) -> false;
  private long now;
  private long seq;

  /** Events a run may process before it is declared runaway (e.g. a deadline that never moves). */
  private long eventBudget = 50_000_000;

  long datagramsSent;
  long datagramsLost;
  long datagramsDuplicated;
  long datagramsDelivered;
  long datagramsUndeliverable;
  long bytesSent;

  SimNetwork(long seed, long startMillis) {
    this.random = new Random(seed);
    this.now = startMillis;
  }

  @Override
  public long nowMillis() {
    return now;
  }

  /** The network's own seeded randomness, also used by applications for their decisions. */
  Random random() {
    return random;
  }

  void attach(PeerAddress address, Endpoint endpoint) {
    endpoints.put(address, endpoint);
  }

  void setDefaultProfile(LinkProfile profile) {
    defaultProfile = profile;
  }

  /** Sets the profile of the direction {@code from → to}. */
  void setLink(PeerAddress from, PeerAddress to, LinkProfile profile) {
    links.put(List.of(from, to), profile);
  }

  LinkProfile link(PeerAddress from, PeerAddress to) {
    return links.getOrDefault(List.of(from, to), defaultProfile);
  }

  void setFilter(Filter filter) {
    this.filter = filter;
  }

  void setTagListener(TagListener listener) {
    tagListener = listener;
  }

  /** Harness invariant violations seen by the network (e.g. a datagram above its sender's MTU). */
  List<String> violations() {
    return violations;
  }

  /** Runs {@code action} at virtual time {@code at} (not before now). */
  void schedule(long at, Runnable action) {
    queue.add(new Event(Math.max(at, now), seq++, action));
  }

  /**
   * Puts a datagram (owned by the network from now on) on the wire from {@code from} to {@code to}.
   *
   * @param senderMtu the MTU the sender was configured with; a longer datagram is a violation
   * @param tag the payload fragment it carries, or null
   */
  void send(PeerAddress from, PeerAddress to, byte[] datagram, int senderMtu, Tag tag) {
    datagramsSent++;
    bytesSent += datagram.length;
    if (datagram.length > senderMtu) {
      violations.add(
          "t="
              + now
              + " "
              + from
              + "->"
              + to
              + ": datagram of "
              + datagram.length
              + " bytes above the sender's MTU "
              + senderMtu);
    }
    if (filter.drop(from, to, datagram)) {
      datagramsLost++;
      return;
    }
    LinkProfile p = link(from, to);
    int copies = random.nextDouble() < p.duplicate() ? 2 : 1;
    if (copies == 2) {
      datagramsDuplicated++;
    }
    for (int i = 0; i < copies; i++) {
      if (random.nextDouble() < p.loss()) {
        datagramsLost++;
        continue;
      }
      long delay =
          p.baseDelayMillis()
              + (p.jitterMillis() == 0 ? 0 : (long) (random.nextDouble() * (p.jitterMillis() + 1)));
      schedule(now + delay, () -> deliver(from, to, datagram, tag));
    }
  }

  private void deliver(PeerAddress from, PeerAddress to, byte[] datagram, Tag tag) {
    Endpoint e = endpoints.get(to);
    if (e == null) {
      datagramsUndeliverable++;
      return;
    }
    datagramsDelivered++;
    if (tag != null) {
      tagListener.delivered(tag, now);
    }
    // Receivers must not retain or modify it, but give each copy its own array anyway.
    e.receive(from, datagram.clone());
  }

  /**
   * Runs events in order until virtual time {@code end} or until {@code stop} holds after an event.
   * The clock ends at {@code end} unless stopped earlier.
   *
   * @return true if {@code stop} ended the run
   */
  boolean runUntil(long end, BooleanSupplier stop) {
    while (!queue.isEmpty() && queue.peek().at <= end) {
      Event e = queue.poll();
      if (--eventBudget < 0) {
        throw new IllegalStateException("runaway simulation: event budget exhausted at t=" + now);
      }
      now = Math.max(now, e.at);
      e.action.run();
      if (stop.getAsBoolean()) {
        return true;
      }
    }
    now = Math.max(now, end);
    return false;
  }

  /** Runs until {@code end}. */
  void runUntil(long end) {
    runUntil(end, () -> false);
  }

  String stats() {
    return String.format(
        "datagrams sent=%d lost=%d dup=%d delivered=%d",
        datagramsSent, datagramsLost, datagramsDuplicated, datagramsDelivered);
  }
}
