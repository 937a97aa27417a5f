package io.zssp.conformance.bugs;

import io.zssp.engine.EngineProbe;

/**
 * The hostile input in every state, against the engine with handshake workers (issue 10 item 3).
 */
class EngineWorkersHostileInputStatesTest extends HostileInputStatesSuite {
  EngineWorkersHostileInputStatesTest() {
    super(EngineProbe.WITH_WORKERS);
  }
}
