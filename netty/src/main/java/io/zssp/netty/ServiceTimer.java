package io.zssp.netty;

import io.netty.util.concurrent.ScheduledFuture;
import io.zssp.api.ZsspClock;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The {@code service()} timer of one {@link ZsspTransport}: one task on the event loop of one of
 * its channels (the home), scheduled at the earliest deadline any {@code service()} call returned
 * and at most {@code maxIntervalMillis} ahead. Any thread may {@link #request} an earlier run; the
 * volatile {@code armedAt} lets a later deadline return without the lock, so the common case (a
 * read batch whose deadline is not earlier) costs one volatile read.
 */
final class ServiceTimer {
  private final ZsspTransport transport;
  private final ZsspClock clock;
  private final long maxIntervalMillis;

  /** Guarded by this; home is null while no channel is attached or after {@link #stop()}. */
  private ZsspDatagramHandler home;

  private ScheduledFuture<?> future;
  private boolean stopped;

  /** The deadline the pending task runs at (Long.MAX_VALUE: none); written under the lock. */
  private volatile long armedAt = Long.MAX_VALUE;

  ServiceTimer(ZsspTransport transport, ZsspClock clock, long maxIntervalMillis) {
    this.transport = transport;
    this.clock = clock;
    this.maxIntervalMillis = maxIntervalMillis;
  }

  /** Runs {@code service()} at {@code deadline} (context clock) or earlier; any thread. */
  void request(long deadline) {
    if (deadline >= armedAt) {
      return;
    }
    long now = clock.nowMillis();
    long cap = now + maxIntervalMillis;
    long at = Math.min(deadline, cap);
    synchronized (this) {
      if (home == null || at >= armedAt) {
        return;
      }
      if (future != null) {
        future.cancel(false);
      }
      ZsspDatagramHandler h = home;
      try {
        future = h.executor().schedule(() -> fire(h), Math.max(0, at - now), TimeUnit.MILLISECONDS);
        armedAt = at;
      } catch (RejectedExecutionException e) {
        future = null; // the home's event loop is shutting down: its channel is leaving too
        armedAt = Long.MAX_VALUE;
      }
    }
  }

  private void fire(ZsspDatagramHandler h) {
    synchronized (this) {
      if (h != home) {
        return; // moved or stopped meanwhile
      }
      future = null;
      armedAt = Long.MAX_VALUE;
    }
    transport.service(h); // re-arms through request(next)
  }

  /** A channel joined; the first one becomes the home and runs {@code service()} at once. */
  void attached(ZsspDatagramHandler h) {
    synchronized (this) {
      if (home != null || stopped) {
        return;
      }
      home = h;
    }
    request(clock.nowMillis());
  }

  /**
   * A channel left; if it was the home, the timer moves to {@code next} (another attached channel,
   * or null: it waits for one).
   */
  void detached(ZsspDatagramHandler h, ZsspDatagramHandler next) {
    synchronized (this) {
      if (h != home) {
        return;
      }
      cancel();
      home = null;
    }
    if (next != null) {
      attached(next);
    }
  }

  /** No more runs. */
  synchronized void stop() {
    stopped = true;
    cancel();
    home = null;
  }

  private void cancel() {
    if (future != null) {
      future.cancel(false);
      future = null;
    }
    armedAt = Long.MAX_VALUE;
  }
}
