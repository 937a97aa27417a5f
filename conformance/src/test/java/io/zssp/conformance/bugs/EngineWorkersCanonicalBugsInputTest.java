package io.zssp.conformance.bugs;

import io.zssp.engine.EngineProbe;

/** The canonical input bugs, against the engine with handshake workers (issue 10 item 3). */
class EngineWorkersCanonicalBugsInputTest extends CanonicalBugsInputSuite {
  EngineWorkersCanonicalBugsInputTest() {
    super(EngineProbe.WITH_WORKERS);
  }
}
