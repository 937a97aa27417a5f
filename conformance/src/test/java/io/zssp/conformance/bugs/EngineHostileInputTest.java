package io.zssp.conformance.bugs;

import io.zssp.engine.EngineProbe;

/** The hostile-input suite, against the engine. */
class EngineHostileInputTest extends HostileInputSuite {
  EngineHostileInputTest() {
    super(EngineProbe.INSTANCE);
  }
}
