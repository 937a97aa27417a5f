package io.zssp.engine;

import io.zssp.api.ContextConfig;
import io.zssp.api.ZsspContext;

/**
 * Entry point of the engine, the ZSSP implementation for servers: concurrent (any number of threads
 * may call a context and its sessions at once, see the package documentation), O(log n) timers,
 * bounded memory for every input, and no application callback under a lock. Byte for byte on the
 * wire it is the same protocol as the reference implementation.
 */
public final class EngineZssp {
  private EngineZssp() {}

  /** A new context with the default {@link EngineLimits}; it draws its challenge salt now. */
  public static ZsspContext newContext(ContextConfig config) {
    return newContext(config, EngineLimits.DEFAULTS);
  }

  /** A new context with the given memory bounds. */
  public static ZsspContext newContext(ContextConfig config, EngineLimits limits) {
    return new EngineContext(config, limits);
  }
}
