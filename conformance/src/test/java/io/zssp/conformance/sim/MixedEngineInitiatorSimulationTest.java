package io.zssp.conformance.sim;

import io.zssp.api.ContextConfig;
import io.zssp.api.ZsspContext;

/**
 * The simulated-network suite with mixed pairs: the first peer of each world (Alice in the two-peer
 * scenarios) runs the engine, the next the reference, alternating.
 */
class MixedEngineInitiatorSimulationTest extends SimulationSuite {
  private final MixedImplementations factory = new MixedImplementations(false);

  @Override
  protected ZsspContext newContext(ContextConfig config) {
    return factory.apply(config);
  }
}
