package io.zssp.conformance.bugs;

import io.zssp.engine.EngineProbe;

/** The two-peer smoke tests, against the engine with handshake workers (issue 10 item 3). */
class EngineWorkersTwoPeerTest extends TwoPeerSuite {
  EngineWorkersTwoPeerTest() {
    super(EngineProbe.WITH_WORKERS);
  }
}
