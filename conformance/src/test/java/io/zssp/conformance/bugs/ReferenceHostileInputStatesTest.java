package io.zssp.conformance.bugs;

import io.zssp.reference.ReferenceProbe;

/** The hostile-input-at-every-state suite, against the reference implementation. */
class ReferenceHostileInputStatesTest extends HostileInputStatesSuite {
  ReferenceHostileInputStatesTest() {
    super(ReferenceProbe.INSTANCE);
  }
}
