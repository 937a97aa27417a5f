package io.zssp.conformance.bugs;

import io.zssp.reference.ReferenceProbe;

/**
 * The canonical session-phase bugs (B5, B8, B9, B13, B14, B15, B22), against the reference
 * implementation.
 */
class ReferenceCanonicalBugsSessionTest extends CanonicalBugsSessionSuite {
  ReferenceCanonicalBugsSessionTest() {
    super(ReferenceProbe.INSTANCE);
  }
}
