package io.zssp.conformance.bugs;

import io.zssp.engine.EngineProbe;

/** The canonical handshake bugs (B1, B2, B3, B11, B12, B13, B25), against the engine. */
class EngineCanonicalBugsHandshakeTest extends CanonicalBugsHandshakeSuite {
  EngineCanonicalBugsHandshakeTest() {
    super(EngineProbe.INSTANCE);
  }
}
