package io.zssp.conformance.bugs;

import io.zssp.reference.ReferenceProbe;

/**
 * The canonical policy and configuration bugs (B16, B17, B21), against the reference
 * implementation.
 */
class ReferenceCanonicalBugsPolicyTest extends CanonicalBugsPolicySuite {
  ReferenceCanonicalBugsPolicyTest() {
    super(ReferenceProbe.INSTANCE);
  }
}
