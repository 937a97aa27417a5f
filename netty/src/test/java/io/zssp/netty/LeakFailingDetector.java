package io.zssp.netty;

import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Netty's leak detector, which also records every leak it reports so that {@link
 * LeakCheckExtension} can fail the test. Installed for every detector Netty creates by the surefire
 * configuration ({@code -Dio.netty.customResourceLeakDetector}, beside {@code
 * -Dio.netty.leakDetection.level=paranoid}).
 */
public final class LeakFailingDetector<T> extends ResourceLeakDetector<T> {
  /** Every leak reported since the JVM started (resource type and access records). */
  static final List<String> LEAKS = new CopyOnWriteArrayList<>();

  /** Whether this class was installed as Netty's detector (set when Netty creates one). */
  static volatile boolean installed;

  public LeakFailingDetector(Class<?> resourceType, int samplingInterval) {
    super(resourceType, samplingInterval);
    installed = true;
  }

  /** The constructor Netty looks for first; {@code maxActive} is unused by Netty itself. */
  public LeakFailingDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
    this(resourceType, samplingInterval);
  }

  @Override
  protected boolean needReport() {
    return true; // whatever the logging configuration
  }

  @Override
  protected void reportTracedLeak(String resourceType, String records) {
    LEAKS.add("LEAK: " + resourceType + records);
    super.reportTracedLeak(resourceType, records);
  }

  @Override
  protected void reportUntracedLeak(String resourceType) {
    LEAKS.add("LEAK: " + resourceType + " (untraced)");
    super.reportUntracedLeak(resourceType);
  }
}
