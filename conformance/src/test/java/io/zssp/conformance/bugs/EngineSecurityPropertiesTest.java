package io.zssp.conformance.bugs;

import io.zssp.engine.EngineProbe;

/** The security-properties suite (docs/THREAT-MODEL.md §5), against the engine. */
class EngineSecurityPropertiesTest extends SecurityPropertiesSuite {
  EngineSecurityPropertiesTest() {
    super(EngineProbe.INSTANCE);
  }
}
