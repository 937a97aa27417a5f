package io.zssp.conformance.sim;

import java.util.ArrayDeque;

/** The last events of one peer, with virtual times, for failure messages. */
final class SimTrace {
  private static final int KEEP = 60;
  private final String peer;
  private final SimNetwork net;
  private final ArrayDeque<String> lines = new ArrayDeque<>();

  SimTrace(String peer, SimNetwork net) {
    this.peer = peer;
    this.net = net;
  }

  void add(String line) {
    if (lines.size() == KEEP) {
      lines.removeFirst();
    }
    lines.addLast("  t=" + net.nowMillis() + " " + peer + ": " + line);
  }

  @Override
  public String toString() {
    return String.join("\n", lines);
  }
}
