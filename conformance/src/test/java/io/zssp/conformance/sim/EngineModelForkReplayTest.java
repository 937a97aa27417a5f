package io.zssp.conformance.sim;

import io.zssp.api.ContextConfig;
import io.zssp.api.ZsspContext;
import io.zssp.engine.EngineZssp;

/** The model's fork counterexamples replayed against the engine (handshake work inline). */
class EngineModelForkReplayTest extends ModelForkReplaySuite {
  @Override
  protected ZsspContext newContext(ContextConfig config) {
    return EngineZssp.newContext(config);
  }
}
