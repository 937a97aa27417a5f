package io.zssp.conformance.bugs;

import io.zssp.reference.ReferenceProbe;

/**
 * The security-properties suite (docs/THREAT-MODEL.md §5), against the reference implementation.
 */
class ReferenceSecurityPropertiesTest extends SecurityPropertiesSuite {
  ReferenceSecurityPropertiesTest() {
    super(ReferenceProbe.INSTANCE);
  }
}
