package io.zssp.conformance.bugs;

import io.zssp.engine.EngineProbe;

/** The canonical input-handling bugs (B4, B19, B23), against the engine. */
class EngineCanonicalBugsInputTest extends CanonicalBugsInputSuite {
  EngineCanonicalBugsInputTest() {
    super(EngineProbe.INSTANCE);
  }
}
