package io.zssp.conformance.sim;

import io.zssp.api.ContextConfig;
import io.zssp.api.ZsspContext;
import io.zssp.engine.EngineProbe;

/**
 * The model's fork counterexamples replayed against the engine with two handshake workers (each
 * call returns once the handshake work it queued is done).
 */
class EngineWorkersModelForkReplayTest extends ModelForkReplaySuite {
  @Override
  protected ZsspContext newContext(ContextConfig config) {
    return EngineProbe.WITH_WORKERS.newContext(config);
  }
}
