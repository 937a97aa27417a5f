package io.zssp.conformance.sim;

import io.zssp.api.PeerAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SimNetwork.Filter} for the fork replays: while {@link #on}, it holds back what one peer
 * sends (everything, or everything but its X1s), in order, for the test to deliver later. Owned by
 * one test; the simulator calls it on the test's thread.
 */
final class HeldDatagrams implements SimNetwork.Filter {
  /** What was held back, oldest first. */
  final List<byte[]> held = new ArrayList<>();

  private final PeerAddress from;

  /** Whether datagrams from the peer are held now. */
  boolean on;

  /** Whether X1s are held too (otherwise they pass). */
  boolean holdX1;

  HeldDatagrams(PeerAddress from, boolean on, boolean holdX1) {
    this.from = from;
    this.on = on;
    this.holdX1 = holdX1;
  }

  /** What was held so far, oldest first; the list is emptied. */
  List<byte[]> take() {
    List<byte[]> out = new ArrayList<>(held);
    held.clear();
    return out;
  }

  /** Whether a datagram is an X1 (kid 0). */
  static boolean isX1(byte[] d) {
    return d[0] == 0 && d[1] == 0 && d[2] == 0 && d[3] == 0;
  }

  @Override
  public boolean drop(PeerAddress source, PeerAddress to, byte[] datagram) {
    if (on && source.equals(from) && (holdX1 || !isX1(datagram))) {
      held.add(datagram.clone());
      return true;
    }
    return false;
  }
}
