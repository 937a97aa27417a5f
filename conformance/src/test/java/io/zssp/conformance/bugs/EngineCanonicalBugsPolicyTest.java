package io.zssp.conformance.bugs;

import io.zssp.engine.EngineProbe;

/** The canonical policy and configuration bugs (B16, B17, B21), against the engine. */
class EngineCanonicalBugsPolicyTest extends CanonicalBugsPolicySuite {
  EngineCanonicalBugsPolicyTest() {
    super(EngineProbe.INSTANCE);
  }
}
