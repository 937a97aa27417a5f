package io.zssp.conformance.bugs;

import io.zssp.engine.EngineProbe;

/** The hostile-input suite, against the engine with handshake workers (issue 10 item 3). */
class EngineWorkersHostileInputTest extends HostileInputSuite {
  EngineWorkersHostileInputTest() {
    super(EngineProbe.WITH_WORKERS);
  }
}
