package io.zssp.cli;

import io.zssp.api.ContextConfig;
import io.zssp.api.ZsspContext;
import io.zssp.engine.EngineLimits;
import io.zssp.engine.EngineZssp;
import io.zssp.reference.ReferenceZssp;
import java.util.function.Function;

/** The two ZSSP implementations the command can run ({@code --impl}); the engine by default. */
enum Implementation {
  ENGINE("engine"),
  REFERENCE("reference");

  final String label;

  Implementation(String label) {
    this.label = label;
  }

  /**
   * Its context factory; the engine runs responders' public-key work on {@code handshakeWorkers}
   * threads (0: on the receiving thread). The reference has no workers.
   */
  Function<ContextConfig, ZsspContext> factory(int handshakeWorkers) {
    if (this == REFERENCE) {
      return ReferenceZssp::newContext;
    }
    EngineLimits limits = EngineLimits.builder().handshakeWorkers(handshakeWorkers).build();
    return config -> EngineZssp.newContext(config, limits);
  }

  /** The implementation named by {@code --impl} (null: the engine). */
  static Implementation parse(String name) throws CliException {
    if (name == null) {
      return ENGINE;
    }
    for (Implementation i : values()) {
      if (i.label.equals(name)) {
        return i;
      }
    }
    throw CliException.usage("--impl must be 'engine' or 'reference', got '" + name + "'");
  }
}
