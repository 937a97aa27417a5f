package io.zssp.conformance.bugs;

import io.zssp.reference.ReferenceProbe;

/** The canonical input-handling bugs (B4, B19, B23), against the reference implementation. */
class ReferenceCanonicalBugsInputTest extends CanonicalBugsInputSuite {
  ReferenceCanonicalBugsInputTest() {
    super(ReferenceProbe.INSTANCE);
  }
}
