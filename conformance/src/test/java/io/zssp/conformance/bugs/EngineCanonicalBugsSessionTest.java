package io.zssp.conformance.bugs;

import io.zssp.engine.EngineProbe;

/** The canonical session-phase bugs (B5, B8, B9, B13, B14, B15, B22), against the engine. */
class EngineCanonicalBugsSessionTest extends CanonicalBugsSessionSuite {
  EngineCanonicalBugsSessionTest() {
    super(EngineProbe.INSTANCE);
  }
}
