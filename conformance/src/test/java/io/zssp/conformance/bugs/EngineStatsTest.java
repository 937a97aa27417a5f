package io.zssp.conformance.bugs;

import io.zssp.engine.EngineProbe;

/** The statistics suite, against the engine. */
class EngineStatsTest extends StatsSuite {
  EngineStatsTest() {
    super(EngineProbe.INSTANCE);
  }
}
