package io.zssp.conformance.sim;

import io.zssp.api.ContextConfig;
import io.zssp.api.ZsspContext;
import io.zssp.reference.ReferenceZssp;

/** The model's fork counterexamples replayed against the reference implementation. */
class ReferenceModelForkReplayTest extends ModelForkReplaySuite {
  @Override
  protected ZsspContext newContext(ContextConfig config) {
    return ReferenceZssp.newContext(config);
  }
}
