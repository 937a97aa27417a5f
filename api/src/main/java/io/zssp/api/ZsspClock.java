package io.zssp.api;

/**
 * The time source of a context: milliseconds on a monotonic scale with an arbitrary origin. The
 * protocol never reads the wall clock; tests inject a virtual clock. Time never goes on the wire.
 */
@FunctionalInterface
public interface ZsspClock {
  /** The current time in milliseconds; must never decrease. */
  long nowMillis();

  /** The JVM's monotonic clock ({@link System#nanoTime()} in milliseconds). */
  static ZsspClock system() {
    return () -> System.nanoTime() / 1_000_000L;
  }
}
