package io.zssp.conformance.sim;

import io.zssp.api.ContextConfig;
import io.zssp.api.ZsspContext;
import io.zssp.reference.ReferenceZssp;

/** The simulated-network suite against the reference implementation. */
class ReferenceSimulationTest extends SimulationSuite {
  @Override
  protected ZsspContext newContext(ContextConfig config) {
    return ReferenceZssp.newContext(config);
  }
}
