package io.zssp.conformance.sim;

import io.zssp.api.ContextConfig;
import io.zssp.api.ZsspContext;
import io.zssp.engine.EngineZssp;

/** The simulated-network suite against the engine (same seed counts as the reference). */
class EngineSimulationTest extends SimulationSuite {
  @Override
  protected ZsspContext newContext(ContextConfig config) {
    return EngineZssp.newContext(config);
  }
}
