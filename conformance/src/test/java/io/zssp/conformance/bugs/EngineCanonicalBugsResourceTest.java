package io.zssp.conformance.bugs;

import io.zssp.engine.EngineProbe;

/** The canonical resource bugs (B6, B7, B18), against the engine. */
class EngineCanonicalBugsResourceTest extends CanonicalBugsResourceSuite {
  EngineCanonicalBugsResourceTest() {
    super(EngineProbe.INSTANCE);
  }
}
