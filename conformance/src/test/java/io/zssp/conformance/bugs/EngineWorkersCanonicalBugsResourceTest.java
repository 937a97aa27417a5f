package io.zssp.conformance.bugs;

import io.zssp.engine.EngineProbe;

/** The canonical resource bugs, against the engine with handshake workers (issue 10 item 3). */
class EngineWorkersCanonicalBugsResourceTest extends CanonicalBugsResourceSuite {
  EngineWorkersCanonicalBugsResourceTest() {
    super(EngineProbe.WITH_WORKERS);
  }
}
