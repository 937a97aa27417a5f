package io.zssp.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaked a Netty buffer: after each test it collects garbage a few times and
 * allocates a tracked buffer after each collection (Netty reports the leaks it found in the
 * reference queue when a buffer is allocated), then fails if {@link LeakFailingDetector} recorded a
 * leak during the test. Registered for every test class of the module (junit-platform.properties).
 */
public final class LeakCheckExtension implements BeforeEachCallback, AfterEachCallback {
  private static final int ROUNDS = 4;

  @Override
  public void beforeEach(ExtensionContext context) {
    assertEquals(
        ResourceLeakDetector.Level.PARANOID,
        ResourceLeakDetector.getLevel(),
        "run with -Dio.netty.leakDetection.level=paranoid (the surefire configuration)");
    collect();
    LeakFailingDetector.LEAKS.clear(); // what earlier tests left is theirs
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    collect();
    assertTrue(
        LeakFailingDetector.installed,
        "run with -Dio.netty.customResourceLeakDetector=io.zssp.netty.LeakFailingDetector");
    List<String> leaks = new ArrayList<>(LeakFailingDetector.LEAKS);
    LeakFailingDetector.LEAKS.clear();
    if (!leaks.isEmpty()) {
      throw new AssertionError(
          leaks.size() + " buffer leak(s) in " + context.getDisplayName() + ":\n" + leaks.get(0));
    }
  }

  /** Collects garbage and makes the detector poll its reference queue, a few times. */
  private static void collect() {
    for (int i = 0; i < ROUNDS; i++) {
      System.gc();
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      ByteBufAllocator.DEFAULT.buffer(1).release(); // each tracked allocation reports found leaks
      Unpooled.buffer(1).release();
    }
  }
}
