package io.zssp.conformance.bugs;

import io.zssp.engine.EngineProbe;

/** The two-peer smoke tests, against the engine. */
class EngineTwoPeerTest extends TwoPeerSuite {
  EngineTwoPeerTest() {
    super(EngineProbe.INSTANCE);
  }
}
