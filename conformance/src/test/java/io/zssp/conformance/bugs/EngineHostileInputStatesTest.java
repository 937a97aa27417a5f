package io.zssp.conformance.bugs;

import io.zssp.engine.EngineProbe;

/** The hostile-input-at-every-state suite, against the engine. */
class EngineHostileInputStatesTest extends HostileInputStatesSuite {
  EngineHostileInputStatesTest() {
    super(EngineProbe.INSTANCE);
  }
}
