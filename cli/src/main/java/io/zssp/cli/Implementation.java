package io.zssp.cli;

import io.zssp.api.ContextConfig;
import io.zssp.api.ZsspContext;
import io.zssp.engine.EngineZssp;
import io.zssp.reference.ReferenceZssp;
import java.util.function.Function;

/** The two ZSSP implementations the command can run ({@code --impl}); the engine by default. */
enum Implementation {
  ENGINE("engine", EngineZssp::newContext),
  REFERENCE("reference", ReferenceZssp::newContext);

  final String label;
  final Function<ContextConfig, ZsspContext> factory;

  Implementation(String label, Function<ContextConfig, ZsspContext> factory) {
    this.label = label;
    this.factory = factory;
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
