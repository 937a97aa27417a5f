package io.zssp.conformance.bugs;

import io.zssp.reference.ReferenceProbe;

/** The statistics suite, against the reference implementation. */
class ReferenceStatsTest extends StatsSuite {
  ReferenceStatsTest() {
    super(ReferenceProbe.INSTANCE);
  }
}
