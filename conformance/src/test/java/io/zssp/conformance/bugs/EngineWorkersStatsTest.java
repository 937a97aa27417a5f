package io.zssp.conformance.bugs;

import io.zssp.engine.EngineProbe;

/** The statistics suite, against the engine with handshake workers. */
class EngineWorkersStatsTest extends StatsSuite {
  EngineWorkersStatsTest() {
    super(EngineProbe.WITH_WORKERS);
  }
}
