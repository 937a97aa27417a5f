package io.zssp.conformance.sim;

import io.zssp.api.ContextConfig;
import io.zssp.api.ZsspContext;
import io.zssp.engine.EngineProbe;

/**
 * The simulated-network suite against the engine with two handshake workers (issue 10 item 3); each
 * call returns once the handshake work it queued is done, so the seeds replay as they do inline.
 */
class EngineWorkersSimulationTest extends SimulationSuite {
  @Override
  protected ZsspContext newContext(ContextConfig config) {
    return EngineProbe.WITH_WORKERS.newContext(config);
  }
}
