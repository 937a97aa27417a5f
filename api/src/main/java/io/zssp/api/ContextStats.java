package io.zssp.api;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of one context's counters and occupancy, returned by {@link ZsspContext#stats()}: what
 * a metrics binder scrapes. Counters ({@code long}) count since the context was created and never
 * decrease; gauges ({@code int}, {@code reassemblyBytes}, the two maps) describe the moment of the
 * snapshot. The snapshot is an immutable value; the context that made it may be used concurrently,
 * so the fields are read one by one and need not be mutually consistent to the last datagram (a
 * single-threaded caller between calls into the context sees exact values).
 *
 * <h2>Handshakes</h2>
 *
 * <p>For each role, at any moment: {@code started = completed + failed + in progress}.
 *
 * <ul>
 *   <li><b>Initiator (Alice).</b> A handshake starts when {@link ZsspContext#open} has sent X1 (one
 *       per {@code open()}: neither resends nor the restarts of an A1/A3 timeout start another). It
 *       <i>completes</i> when the session is established (C1 received in A3, {@link
 *       ZsspEvent.SessionEstablished}); it <i>fails</i> when the session closes while still in A1
 *       or A3 (closed by the application or the context, rejected by D, or any other close). In
 *       progress: the initiator sessions in A1 or A3.
 *   <li><b>Responder (Bob).</b> A handshake starts when an X1 reaches public-key work (it passed
 *       de-duplication, the challenge, the cheap checks and the handshake queue). It
 *       <i>completes</i> when X3 is accepted and the session created ({@link
 *       ZsspEvent.SessionEstablished} for a responder session). It <i>fails</i> when it ends
 *       without a session: X1 did not authenticate or its ratchet was refused (π1, store error);
 *       the half-open entry (B2) expired, was evicted or was cleared when the context closed; or X3
 *       failed, was refused (the application, π3, a session limit) or lost a ratchet conflict. In
 *       progress: the live half-open entries ({@link #halfOpen()}), plus, only while another thread
 *       is working on them, X1s and X3s in public-key work (an X3 given back after a full queue or
 *       a transient store error is a half-open entry again).
 * </ul>
 *
 * <p>{@link Session#handshakeMillis()} gives one established session's handshake time.
 *
 * @param datagramsReceived every datagram handed to {@code receive}, valid or not (a null or
 *     malformed one included)
 * @param bytesReceived their lengths (0 for a null datagram or an invalid array range)
 * @param datagramsSent every datagram handed to the {@link DatagramSender}, whether it reported
 *     success or not (a failure is also counted as {@link DropReason#SEND_FAILED})
 * @param bytesSent their lengths
 * @param handshakesStarted handshakes started, both roles (see above)
 * @param handshakesCompleted handshakes that established a session, both roles
 * @param handshakesFailed handshakes that ended without a session, both roles
 * @param rekeys completed rekeys, both KK roles (one per {@link ZsspEvent.Rekeyed} event)
 * @param challengesIssued X1s answered with a challenge (one per {@link ZsspEvent.ChallengeIssued}
 *     event)
 * @param challengesAnswered challenges this context solved as initiator (one per {@link
 *     ZsspEvent.ChallengeAnswered} event)
 * @param sessionsClosed sessions that ended, whatever their state (one per {@link
 *     ZsspEvent.SessionClosed} event; an initiator session closed in A1 or A3 included)
 * @param sessionsByState the live sessions by state; every state is present (0 if none), {@link
 *     SessionState#CLOSED} always 0 (a closed session leaves the context)
 * @param halfOpen the responder's live half-open handshakes (B2 entries)
 * @param reassemblyBytes bytes held for partial packets (multi-fragment packets whose fragments
 *     have not all arrived) in sessions, the hello cache and half-open entries' X3s. What is
 *     counted is the implementation's own measure: the engine counts the reassembly buffers handed
 *     out (power-of-two sizes for sessions; buffers pooled for reuse are not counted), the
 *     reference counts the fragment bytes held. 0 when no packet is partly received.
 * @param handshakeQueueDepth X1/X3 tasks waiting for a handshake worker (the engine with {@code
 *     EngineLimits.handshakeWorkers() > 0}; otherwise 0)
 * @param drops drop counts by reason, the same content as {@link ZsspContext#dropCounts()} (only
 *     reasons counted at least once)
 */
public record ContextStats(
    long datagramsReceived,
    long bytesReceived,
    long datagramsSent,
    long bytesSent,
    long handshakesStarted,
    long handshakesCompleted,
    long handshakesFailed,
    long rekeys,
    long challengesIssued,
    long challengesAnswered,
    long sessionsClosed,
    Map<SessionState, Integer> sessionsByState,
    int halfOpen,
    long reassemblyBytes,
    int handshakeQueueDepth,
    Map<DropReason, Long> drops) {

  /**
   * Copies both maps: {@code sessionsByState} into an unmodifiable {@link EnumMap} with every state
   * (missing ones as 0), {@code drops} into an unmodifiable {@link EnumMap} of its entries.
   */
  public ContextStats {
    Objects.requireNonNull(sessionsByState, "sessionsByState");
    Objects.requireNonNull(drops, "drops");
    EnumMap<SessionState, Integer> states = new EnumMap<>(SessionState.class);
    for (SessionState s : SessionState.values()) {
      Integer n = sessionsByState.get(s);
      states.put(s, n == null ? 0 : n);
    }
    sessionsByState = Collections.unmodifiableMap(states);
    EnumMap<DropReason, Long> d = new EnumMap<>(DropReason.class);
    for (Map.Entry<DropReason, Long> e : drops.entrySet()) {
      d.put(Objects.requireNonNull(e.getKey(), "drop reason"), e.getValue());
    }
    drops = Collections.unmodifiableMap(d);
  }

  /** The count for {@code reason} (0 if never counted). */
  public long drops(DropReason reason) {
    Long n = drops.get(reason);
    return n == null ? 0 : n;
  }

  /** All live sessions (the sum of {@link #sessionsByState()}). */
  public int liveSessions() {
    int n = 0;
    for (int v : sessionsByState.values()) {
      n += v;
    }
    return n;
  }
}
