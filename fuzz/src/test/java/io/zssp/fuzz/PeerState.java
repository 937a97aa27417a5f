package io.zssp.fuzz;

import io.zssp.api.DropReason;
import io.zssp.api.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything observable about one {@link Peer} at one moment: its sessions' {@link SessionView}s,
 * its half-open handshakes and hello reassembly, the bytes its sessions' reassembly holds, its drop
 * counts and events, and what it delivered and sent.
 */
record PeerState(
    List<SessionView> sessions,
    int halfOpen,
    int helloCache,
    int reassemblyEntries,
    int reassemblyFragments,
    long reassemblyBytes,
    long maxSessionReassemblyBytes,
    Map<DropReason, Long> drops,
    long droppedEvents,
    int events,
    int data,
    long sent) {

  static PeerState of(Peer p, FuzzProbe probe) {
    List<SessionView> views = new ArrayList<>();
    int entries = 0;
    int fragments = 0;
    long bytes = 0;
    long max = 0;
    for (Session s : p.ctx.sessions()) {
      views.add(probe.view(s));
      entries += probe.reassemblySize(s);
      fragments += probe.reassemblyFragments(s);
      long b = probe.reassemblyBytes(s);
      bytes += b;
      max = Math.max(max, b);
    }
    return new PeerState(
        views,
        probe.halfOpenCount(p.ctx),
        probe.helloCacheSize(p.ctx),
        entries,
        fragments,
        bytes,
        max,
        p.ctx.dropCounts(),
        p.droppedEvents,
        p.events.size(),
        p.data.size(),
        p.sent);
  }

  long dropTotal() {
    long n = 0;
    for (long c : drops.values()) {
      n += c;
    }
    return n;
  }

  long drops(DropReason reason) {
    return drops.getOrDefault(reason, 0L);
  }

  /** The sessions, with the T4 restart fields left out of sessions in A1. */
  List<SessionView> sessionsModuloT4() {
    List<SessionView> out = new ArrayList<>();
    for (SessionView v : sessions) {
      out.add(v.state().equals("A1") ? v.withoutRestart() : v);
    }
    return out;
  }
}
