package io.zssp.conformance.sim;

import io.zssp.api.ContextConfig;
import io.zssp.api.ZsspContext;

/**
 * The simulated-network suite with mixed pairs: the first peer of each world (Alice in the two-peer
 * scenarios) runs the reference, the next the engine, alternating.
 */
class MixedReferenceInitiatorSimulationTest extends SimulationSuite {
  private final MixedImplementations factory = new MixedImplementations(true);

  @Override
  protected ZsspContext newContext(ContextConfig config) {
    return factory.apply(config);
  }
}
