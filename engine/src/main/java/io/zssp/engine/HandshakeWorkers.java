package io.zssp.engine;

import io.zssp.api.PeerAddress;
import io.zssp.api.ProtocolConstants;
import io.zssp.crypto.ConstantTime;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a responder's public-key work runs: X1 → X2 (a key generation, two ECDH, a Kyber
 * encapsulation) and X3 → session (an ECDH, the application's decision, the ratchet store write).
 *
 * <p>With {@link EngineLimits#handshakeWorkers()} at 0 the work runs inline, on the thread that
 * received the datagram. Otherwise it runs on a bounded pool of that many daemon threads owned by
 * the context, behind a queue of {@link EngineLimits#handshakeQueue()} tasks: the receiving thread
 * only classifies, de-duplicates and enqueues, so established sessions keep flowing while hellos
 * flood in. A full queue refuses the task at once (the caller counts the drop; the initiator's
 * resend retries): there is never an unbounded backlog. Worker threads start on demand and end
 * after 30 s idle.
 *
 * <p>It also remembers which X1s are queued or being worked on ({@link #claimX1}), so copies of an
 * X1 that arrive before its X2 exists are dropped instead of queued again (ZSSP-SPEC §14.2); once
 * the half-open entry exists, the {@link HalfOpenTable} de-duplicates them.
 *
 * <p>A {@link VirtualMachineError} on a worker (an {@code OutOfMemoryError}, say) fails the
 * context: every later {@code receive} and {@code service} rethrows it to its caller (a transport
 * such as {@code UdpEndpoint} then closes and reports it), rather than leaving a context that looks
 * alive while its handshakes silently stop.
 *
 * <p>Threads: every method may be called from any thread. A task runs inside its own {@link Outbox}
 * on the worker, so the application callbacks and the sender it triggers run on the worker thread,
 * with no engine lock held.
 */
final class HandshakeWorkers {
  /** An X1 in the pool's hands: its header counter, bytes and source. */
  static final class PendingX1 {
    final long nonce;
    final byte[] x1;
    final PeerAddress from;

    PendingX1(long nonce, byte[] x1, PeerAddress from) {
      this.nonce = nonce;
      this.x1 = x1;
      this.from = from;
    }

    /** Whether the X1 at {@code other[off…]} is a copy of this one ({@link #sameHello}). */
    boolean isCopy(byte[] other, int off) {
      return sameHello(x1, other, off);
    }
  }

  /**
   * Whether the X1 at {@code other[off…]} is a copy of {@code x1}: the same bytes except the
   * 32-byte challenge trailer, which a resend may change (constant time).
   */
  static boolean sameHello(byte[] x1, byte[] other, int off) {
    int n = ProtocolConstants.X1_SIZE_IN_BYTES - ProtocolConstants.CHALLENGE_RESPONSE_SIZE_IN_BYTES;
    return ConstantTime.equals(x1, 0, other, off, n);
  }

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final EngineContext ctx;
  private final ThreadPoolExecutor pool; // null: inline
  private final int queueCapacity;
  private final ConcurrentHashMap<Long, PendingX1> pendingX1 = new ConcurrentHashMap<>();

  /** Tasks accepted by the pool and not yet finished. */
  private final AtomicInteger inFlight = new AtomicInteger();

  HandshakeWorkers(EngineContext ctx, int workers, int queueCapacity) {
    this.ctx = ctx;
    this.queueCapacity = queueCapacity;
    if (workers == 0) {
      this.pool = null;
      return;
    }
    String prefix = "zssp-handshake-" + POOLS.incrementAndGet() + "-";
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, prefix + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.pool =
        new ThreadPoolExecutor(
            workers,
            workers,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queueCapacity),
            factory,
            new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
  }

  /**
   * Runs {@code task} inline, or hands it to a worker.
   *
   * @return false if the queue is full or the pool shut down: the task will never run, and the
   *     caller must undo what it prepared for it and count the drop
   */
  boolean run(Runnable task) {
    if (pool == null) {
      task.run(); // within the caller's outbox
      return true;
    }
    inFlight.incrementAndGet();
    try {
      pool.execute(() -> runOnWorker(task));
      return true;
    } catch (RejectedExecutionException e) {
      inFlight.decrementAndGet();
      return false;
    }
  }

  private void runOnWorker(Runnable task) {
    Outbox out = Outbox.enter(ctx);
    try {
      task.run();
    } catch (RuntimeException e) {
      ctx.countCallbackFailure(); // a bug; counted as INTERNAL_ERROR, the pool goes on
    } catch (VirtualMachineError e) {
      ctx.failed(e); // surfaces on the next receive or service: never alive but deaf
      throw e;
    } finally {
      try {
        out.exit();
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }

  /**
   * Records {@code x1} as being worked on.
   *
   * @return null if it was recorded (pair with {@link #releaseX1}); otherwise the pending X1 with
   *     the same header counter, which the caller compares with {@link PendingX1#isCopy}
   */
  PendingX1 claimX1(PendingX1 x1) {
    return pendingX1.putIfAbsent(x1.nonce, x1);
  }

  /** The X1 with this header counter that is queued or being worked on, or null. */
  PendingX1 pendingX1(long nonce) {
    return pendingX1.get(nonce);
  }

  /** Forgets a claimed X1 (after its half-open entry exists, or when it was dropped). */
  void releaseX1(PendingX1 x1) {
    pendingX1.remove(x1.nonce, x1);
  }

  /** Whether the work queue is at least half full (a load signal for the challenge, §15.2). */
  boolean busy() {
    return pool != null && 2 * pool.getQueue().size() >= queueCapacity;
  }

  /** Tasks waiting for a worker. */
  int queued() {
    return pool == null ? 0 : pool.getQueue().size();
  }

  /**
   * Accepts no new task; queued ones still run (and, the context being closed, only clean up). Does
   * not wait for them.
   */
  void shutdown() {
    if (pool != null) {
      pool.shutdown();
    }
  }

  /** Waits up to {@code millis} for every queued and running task to finish (tests, close). */
  boolean awaitIdle(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (inFlight.get() > 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(1);
    }
    return true;
  }
}
