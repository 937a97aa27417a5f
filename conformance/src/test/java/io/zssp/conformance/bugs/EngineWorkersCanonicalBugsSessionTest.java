package io.zssp.conformance.bugs;

import io.zssp.engine.EngineProbe;

/** The canonical session bugs, against the engine with handshake workers (issue 10 item 3). */
class EngineWorkersCanonicalBugsSessionTest extends CanonicalBugsSessionSuite {
  EngineWorkersCanonicalBugsSessionTest() {
    super(EngineProbe.WITH_WORKERS);
  }
}
