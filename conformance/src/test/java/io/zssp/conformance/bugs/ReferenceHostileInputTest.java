package io.zssp.conformance.bugs;

import io.zssp.reference.ReferenceProbe;

/** The hostile-input suite, against the reference implementation. */
class ReferenceHostileInputTest extends HostileInputSuite {
  ReferenceHostileInputTest() {
    super(ReferenceProbe.INSTANCE);
  }
}
