package io.zssp.fuzz;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;

/**
 * Bytes allocated on the calling thread ({@code com.sun.management.ThreadMXBean}, which HotSpot
 * counts per thread in its TLAB bookkeeping: exact to within a TLAB refill, which is what a bound
 * of tens of KiB needs). Both implementations are sans-IO and allocate on the calling thread only.
 */
public final class Allocation {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();

  static {
    if (!THREADS.isThreadAllocatedMemorySupported()) {
      throw new IllegalStateException("this JVM cannot count allocated bytes per thread");
    }
    THREADS.setThreadAllocatedMemoryEnabled(true);
  }

  private Allocation() {}

  /** Bytes the current thread has allocated since it started. */
  public static long current() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }

  /**
   * Classes loaded so far, hidden ones included. Loading a class (and, while fuzzing, Jazzer's
   * instrumenting it) allocates on the loading thread, megabytes at times: a call during which this
   * changed took a path for the first time, and its allocation says nothing about the code.
   */
  public static long classesLoaded() {
    return CLASSES.getTotalLoadedClassCount();
  }

  /** Starts measuring the current thread's allocation. */
  public static Meter start() {
    return new Meter();
  }

  /** One measurement; {@link #check} fails if the code since {@link #start} allocated too much. */
  public static final class Meter {
    private final long classes = classesLoaded();
    private final long start = current();

    private Meter() {}

    /**
     * Fails with an {@link AssertionError} naming {@code what} if more than {@code bound} bytes
     * were allocated since {@link #start}, unless a class was loaded meanwhile (a first-time path;
     * see {@link #classesLoaded}).
     */
    public void check(long bound, java.util.function.Supplier<String> what) {
      long allocated = current() - start;
      if (allocated > bound && classesLoaded() == classes) {
        throw new AssertionError(
            "allocated " + allocated + " bytes, bound " + bound + ": " + what.get());
      }
    }
  }
}
