package io.zssp.conformance.bugs;

import io.zssp.engine.EngineProbe;

/** The canonical handshake bugs, against the engine with handshake workers (issue 10 item 3). */
class EngineWorkersCanonicalBugsHandshakeTest extends CanonicalBugsHandshakeSuite {
  EngineWorkersCanonicalBugsHandshakeTest() {
    super(EngineProbe.WITH_WORKERS);
  }
}
