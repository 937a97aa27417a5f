package io.zssp.conformance.bugs;

import io.zssp.reference.ReferenceProbe;

/** The canonical resource bugs (B6, B7, B18), against the reference implementation. */
class ReferenceCanonicalBugsResourceTest extends CanonicalBugsResourceSuite {
  ReferenceCanonicalBugsResourceTest() {
    super(ReferenceProbe.INSTANCE);
  }
}
