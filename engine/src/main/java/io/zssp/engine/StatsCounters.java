package io.zssp.engine;

import io.zssp.api.SessionState;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link EngineContext#stats()} (their meaning is {@link
 * io.zssp.api.ContextStats}'s). Updated from any thread with no lock and no allocation: one {@link
 * LongAdder} per counter (contended updates spread over cells), and live sessions per state in an
 * atomic array moved at every state change (never per packet), so a snapshot costs the same at any
 * number of sessions.
 */
final class StatsCounters {
  final LongAdder datagramsReceived = new LongAdder();
  final LongAdder bytesReceived = new LongAdder();
  final LongAdder datagramsSent = new LongAdder();
  final LongAdder bytesSent = new LongAdder();
  final LongAdder handshakesStarted = new LongAdder();
  final LongAdder handshakesCompleted = new LongAdder();
  final LongAdder handshakesFailed = new LongAdder();
  final LongAdder rekeys = new LongAdder();
  final LongAdder challengesIssued = new LongAdder();
  final LongAdder challengesAnswered = new LongAdder();
  final LongAdder sessionsClosed = new LongAdder();

  /** Live sessions by {@link SessionState#ordinal()}; CLOSED stays 0. */
  private final AtomicIntegerArray byState = new AtomicIntegerArray(SessionState.values().length);

  /** One datagram handed to {@code receive}, of {@code bytes} bytes. */
  void received(int bytes) {
    datagramsReceived.increment();
    if (bytes > 0) {
      bytesReceived.add(bytes);
    }
  }

  /** {@code datagrams} datagrams of {@code bytes} bytes in all handed to the sender. */
  void sent(int datagrams, long bytes) {
    datagramsSent.add(datagrams);
    bytesSent.add(bytes);
  }

  /**
   * A session moved from {@code from} to {@code to} (null: not yet in any state). CLOSED and null
   * are not counted: a session counts from its first state until it closes.
   */
  void moved(SessionState from, SessionState to) {
    if (from == to) {
      return;
    }
    if (from != null && from != SessionState.CLOSED) {
      byState.decrementAndGet(from.ordinal());
    }
    if (to != null && to != SessionState.CLOSED) {
      byState.incrementAndGet(to.ordinal());
    }
  }

  /** Live sessions by state, every state present (a snapshot, read state by state). */
  Map<SessionState, Integer> sessionsByState() {
    EnumMap<SessionState, Integer> out = new EnumMap<>(SessionState.class);
    for (SessionState s : SessionState.values()) {
      out.put(s, Math.max(0, byState.get(s.ordinal())));
    }
    return out;
  }
}
