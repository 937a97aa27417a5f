package io.zssp.conformance.bugs;

import io.zssp.engine.EngineProbe;

/** The canonical policy bugs, against the engine with handshake workers (issue 10 item 3). */
class EngineWorkersCanonicalBugsPolicyTest extends CanonicalBugsPolicySuite {
  EngineWorkersCanonicalBugsPolicyTest() {
    super(EngineProbe.WITH_WORKERS);
  }
}
