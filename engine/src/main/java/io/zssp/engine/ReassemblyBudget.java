package io.zssp.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes that every session's reassembly buffers may hold together (ZSSP-SPEC §15.4: 64 MiB by
 * default), so that many authenticated peers cannot pin memory between them. Lock-free;
 * thread-safe.
 */
final class ReassemblyBudget {
  private final long limit;
  private final AtomicLong used = new AtomicLong();

  ReassemblyBudget(long limit) {
    this.limit = limit;
  }

  /** Takes {@code bytes} if they fit under the limit. */
  boolean tryReserve(long bytes) {
    while (true) {
      long u = used.get();
      if (u + bytes > limit) {
        return false;
      }
      if (used.compareAndSet(u, u + bytes)) {
        return true;
      }
    }
  }

  /** Gives back bytes taken by {@link #tryReserve}. */
  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  long used() {
    return used.get();
  }

  long limit() {
    return limit;
  }
}
