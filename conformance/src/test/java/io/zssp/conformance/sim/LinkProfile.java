package io.zssp.conformance.sim;

/**
 * How one direction of a simulated link treats datagrams: each copy is lost with probability {@code
 * loss}; each datagram is duplicated with probability {@code duplicate} (the copy travels and may
 * be lost independently); every copy is delayed by {@code baseDelayMillis} plus a uniform jitter in
 * {@code [0, jitterMillis]}, which reorders datagrams sent closer together than that.
 */
record LinkProfile(double loss, double duplicate, long baseDelayMillis, long jitterMillis) {
  /** A perfect link: no loss, no duplication, 1 ms, no reordering. */
  static final LinkProfile PERFECT = new LinkProfile(0, 0, 1, 0);

  LinkProfile {
    if (loss < 0
        || loss >= 1
        || duplicate < 0
        || duplicate >= 1
        || baseDelayMillis < 0
        || jitterMillis < 0) {
      throw new IllegalArgumentException(
          "bad link profile: loss="
              + loss
              + " duplicate="
              + duplicate
              + " delay="
              + baseDelayMillis
              + " jitter="
              + jitterMillis);
    }
  }

  /** The largest delay any copy can see. */
  long maxDelayMillis() {
    return baseDelayMillis + jitterMillis;
  }

  @Override
  public String toString() {
    return String.format(
        "loss=%.2f dup=%.2f delay=%d+%dms", loss, duplicate, baseDelayMillis, jitterMillis);
  }
}
