package io.zssp.conformance.bugs;

import io.zssp.reference.ReferenceProbe;

/** The two-peer smoke tests, against the reference implementation. */
class ReferenceTwoPeerTest extends TwoPeerSuite {
  ReferenceTwoPeerTest() {
    super(ReferenceProbe.INSTANCE);
  }
}
