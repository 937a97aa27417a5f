package io.zssp.conformance.bugs;

import io.zssp.engine.EngineProbe;

/**
 * The security-properties suite (docs/THREAT-MODEL.md §5), against the engine with handshake
 * workers.
 */
class EngineWorkersSecurityPropertiesTest extends SecurityPropertiesSuite {
  EngineWorkersSecurityPropertiesTest() {
    super(EngineProbe.WITH_WORKERS);
  }
}
