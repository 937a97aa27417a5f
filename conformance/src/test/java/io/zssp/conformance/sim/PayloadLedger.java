package io.zssp.conformance.sim;

import io.zssp.api.Session;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The exactly-once book of every payload the applications send. Payloads of 8 bytes or more carry
 * their id in their first 8 bytes and a body derived from the id, so a delivery identifies the
 * payload, and corruption or a payload never sent shows. Shorter payloads (0..7 bytes) cannot carry
 * an id and are checked as a multiset per (sender, receiver, content).
 *
 * <p>Properties, checked by {@link #violations()}:
 *
 * <ul>
 *   <li>no payload is delivered twice, to the wrong peer, over a session it was not sent on, with
 *       other content, or without having been sent;
 *   <li>a payload is <em>owed</em> when, at sending, the receiver's live session was the sender
 *       session's partner and both were confirmed, the network then delivered every fragment within
 *       half the reassembly timeout, and the receiver saw no session change towards the sender
 *       (restart, establishment, closing) in between. Every owed payload must arrive. Every other
 *       payload may be lost: ZSSP has no retransmission.
 * </ul>
 */
final class PayloadLedger implements SimNetwork.TagListener {
  private static final int ID_SIZE = 8;

  private static final class Sent {
    final long id;
    final SimPeer from;
    final SimPeer to;
    final String sessionId;
    final int size;
    final long sentAt;
    final boolean owedIfArrives;
    final long receiverEpochAtSend;
    final long[] firstArrival;
    int arrived;
    long completedAt = -1;
    long firstAt = Long.MAX_VALUE;
    long receiverEpochAtCompletion = -1;
    int delivered;

    Sent(
        long id,
        SimPeer from,
        SimPeer to,
        String sessionId,
        int size,
        int fragments,
        long sentAt,
        boolean owedIfArrives,
        long receiverEpochAtSend) {
      this.id = id;
      this.from = from;
      this.to = to;
      this.sessionId = sessionId;
      this.size = size;
      this.sentAt = sentAt;
      this.owedIfArrives = owedIfArrives;
      this.receiverEpochAtSend = receiverEpochAtSend;
      this.firstArrival = new long[fragments];
      Arrays.fill(firstArrival, -1);
    }

    boolean owed(long maxSpanMillis) {
      return owedIfArrives
          && completedAt >= 0
          && completedAt - firstAt <= maxSpanMillis
          && receiverEpochAtCompletion == receiverEpochAtSend;
    }
  }

  private final Map<Long, Sent> byId = new HashMap<>();
  private final Map<String, Integer> smallSent = new HashMap<>();
  private final Map<String, Integer> smallDelivered = new HashMap<>();
  private final List<String> violations = new ArrayList<>();
  private final SimNetwork net;
  private final long maxSpanMillis;
  private long nextId = 1;
  private long bytesDelivered;

  PayloadLedger(SimNetwork net, long fragmentAssemblyTimeoutMillis) {
    this.net = net;
    this.maxSpanMillis = fragmentAssemblyTimeoutMillis / 2;
  }

  /** Payload content of {@code size} bytes for id {@code id}. */
  static byte[] content(long id, int size) {
    byte[] b = new byte[size];
    byte[] idBytes = ByteBuffer.allocate(ID_SIZE).putLong(id).array();
    if (size < ID_SIZE) {
      System.arraycopy(idBytes, ID_SIZE - size, b, 0, size); // low-order id bytes
      return b;
    }
    new SplittableRandom(id * 0x9E3779B97F4A7C15L).nextBytes(b);
    System.arraycopy(idBytes, 0, b, 0, ID_SIZE);
    return b;
  }

  /**
   * Books a payload that {@code from} is about to send on {@code session} to {@code to} and returns
   * its id; its content is {@link #content(long, int)}.
   */
  long register(SimPeer from, SimPeer to, Session session, int size, int fragments) {
    long id = nextId++;
    String sessionId = SimPeer.sessionId(session);
    Session partner = to.liveSession(from);
    boolean owed =
        from.isConfirmed(session)
            && partner != null
            && sessionId.equals(SimPeer.sessionId(partner));
    Sent s =
        new Sent(id, from, to, sessionId, size, fragments, net.nowMillis(), owed, to.epoch(from));
    byId.put(id, s);
    if (size < ID_SIZE) {
      smallSent.merge(smallKey(from, to, content(id, size)), 1, Integer::sum);
    }
    return id;
  }

  @Override
  public void delivered(SimNetwork.Tag tag, long now) {
    Sent s = byId.get(tag.payloadId());
    if (s == null || s.firstArrival[tag.fragment()] >= 0) {
      return; // a duplicate copy: only first arrivals count
    }
    s.firstArrival[tag.fragment()] = now;
    s.firstAt = Math.min(s.firstAt, now);
    if (++s.arrived == s.firstArrival.length) {
      s.completedAt = now;
      s.receiverEpochAtCompletion = s.to.epoch(s.from); // before the receiver processes it
    }
  }

  /** {@code receiver} got {@code payload} from {@code sender} on {@code session}. */
  void onData(SimPeer receiver, SimPeer sender, Session session, byte[] payload) {
    bytesDelivered += payload.length;
    String where =
        "t="
            + net.nowMillis()
            + " "
            + receiver.name
            + "<-"
            + (sender == null ? "?" : sender.name)
            + " ("
            + payload.length
            + " bytes)";
    if (sender == null) {
      violations.add(where + ": data on a session with an unknown peer");
      return;
    }
    if (payload.length < ID_SIZE) {
      String key = smallKey(sender, receiver, payload);
      int n = smallDelivered.merge(key, 1, Integer::sum);
      if (n > smallSent.getOrDefault(key, 0)) {
        violations.add(where + ": short payload delivered more often than sent (" + n + ")");
      }
      return;
    }
    Sent s = byId.get(ByteBuffer.wrap(payload, 0, ID_SIZE).getLong());
    if (s == null || s.size != payload.length || !Arrays.equals(payload, content(s.id, s.size))) {
      violations.add(where + ": corrupted or never-sent payload");
      return;
    }
    if (s.from != sender || s.to != receiver) {
      violations.add(where + ": payload " + s.id + " was sent " + s.from.name + "->" + s.to.name);
    }
    if (!s.sessionId.equals(SimPeer.sessionId(session))) {
      violations.add(
          where
              + ": payload "
              + s.id
              + " sent on session "
              + s.sessionId
              + " delivered on "
              + SimPeer.sessionId(session));
    }
    if (++s.delivered > 1) {
      violations.add(where + ": payload " + s.id + " delivered " + s.delivered + " times");
    }
  }

  /** Every violation, including owed payloads that never arrived. */
  List<String> violations() {
    List<String> out = new ArrayList<>(violations);
    Map<String, Integer> owedSmall = new HashMap<>();
    for (Sent s : byId.values()) {
      if (!s.owed(maxSpanMillis)) {
        continue;
      }
      if (s.size < ID_SIZE) {
        owedSmall.merge(smallKey(s.from, s.to, content(s.id, s.size)), 1, Integer::sum);
      } else if (s.delivered == 0) {
        out.add(
            "payload "
                + s.id
                + " "
                + s.from.name
                + "->"
                + s.to.name
                + " ("
                + s.size
                + " bytes, sent t="
                + s.sentAt
                + ", all "
                + s.firstArrival.length
                + " fragments arrived by t="
                + s.completedAt
                + ") was never delivered");
      }
    }
    owedSmall.forEach(
        (key, n) -> {
          if (smallDelivered.getOrDefault(key, 0) < n) {
            out.add(
                "short payloads "
                    + key
                    + ": "
                    + n
                    + " owed, "
                    + smallDelivered.getOrDefault(key, 0)
                    + " delivered");
          }
        });
    return out;
  }

  private static String smallKey(SimPeer from, SimPeer to, byte[] content) {
    StringBuilder sb = new StringBuilder(from.name).append("->").append(to.name).append(':');
    for (byte b : content) {
      sb.append(String.format("%02x", b & 0xff));
    }
    return sb.append('/').append(content.length).toString();
  }

  long sent() {
    return byId.size();
  }

  long delivered() {
    return byId.values().stream().filter(s -> s.delivered > 0).count()
        + smallDelivered.values().stream().mapToLong(Integer::longValue).sum();
  }

  long owed() {
    return byId.values().stream().filter(s -> s.owed(maxSpanMillis)).count();
  }

  long bytesDelivered() {
    return bytesDelivered;
  }
}
