package io.zssp.conformance.sim;

import io.zssp.api.Session;
import io.zssp.api.SessionState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The initiator side of a {@link SimPeer}'s application: it keeps one session open to each of its
 * targets. Every 500 ms it re-opens a session that closed or was rejected (backing off from 1 s to
 * 32 s while sessions close without ever establishing), one that did not establish within {@link
 * #handshakeDeadlineMillis} (A1/A3 retry forever on their own, §11.4; the application abandons
 * them), and one that heard no data for {@link #silenceMillis} (a keep-alive: ZSSP has no close
 * packet, so this is how an initiator notices that its peer restarted).
 */
final class SimDialer {
  private static final long TICK_MILLIS = 500;

  private final SimPeer peer;
  private final List<SimPeer> targets = new ArrayList<>();
  private final Map<SimPeer, Session> lastOpened = new HashMap<>();
  private final Map<SimPeer, Integer> failures = new HashMap<>();
  private final Map<SimPeer, Long> notBefore = new HashMap<>();
  long handshakeDeadlineMillis = 60_000;
  long silenceMillis = Long.MAX_VALUE;

  SimDialer(SimPeer peer) {
    this.peer = peer;
  }

  /** From now on, keeps a session to {@code remote} open. */
  void dial(SimPeer remote) {
    boolean first = targets.isEmpty();
    targets.add(remote);
    open(remote);
    if (first) {
      SimNetwork net = peer.world().net;
      net.schedule(net.nowMillis() + TICK_MILLIS, this::tick);
    }
  }

  /** After a restart: the application opens its sessions again. */
  void reopenAll() {
    targets.forEach(this::open);
  }

  private void open(SimPeer remote) {
    lastOpened.put(remote, peer.open(remote));
  }

  private void tick() {
    SimNetwork net = peer.world().net;
    long now = net.nowMillis();
    for (SimPeer remote : targets) {
      Session s = peer.liveSession(remote);
      if (s == null || s.state() == SessionState.CLOSED) {
        Session last = lastOpened.get(remote);
        if (last != null && peer.establishedAt(last) < 0 && !notBefore.containsKey(remote)) {
          int n = failures.merge(remote, 1, Integer::sum);
          notBefore.put(remote, now + (1_000L << Math.min(5, n - 1)));
        }
        if (now >= notBefore.getOrDefault(remote, 0L)) {
          notBefore.remove(remote);
          open(remote);
        }
        continue;
      }
      if (peer.establishedAt(s) >= 0) {
        failures.remove(remote);
      }
      boolean handshaking = s.state() == SessionState.A1 || s.state() == SessionState.A3;
      long established = peer.establishedAt(s);
      if (handshaking && now - peer.openedAt(s) >= handshakeDeadlineMillis) {
        peer.stats.handshakeReopens++;
        peer.closeSession(remote, "handshake deadline");
        open(remote);
      } else if (established >= 0
          && now - Math.max(established, peer.lastHeard(remote)) >= silenceMillis) {
        peer.stats.silenceReopens++;
        peer.closeSession(remote, "silence");
        open(remote);
      }
    }
    net.schedule(now + TICK_MILLIS, this::tick);
  }
}
