package io.zssp.conformance.bugs;

import io.zssp.reference.ReferenceProbe;

/**
 * The canonical handshake bugs (B1, B2, B3, B11, B12, B13, B25), against the reference
 * implementation.
 */
class ReferenceCanonicalBugsHandshakeTest extends CanonicalBugsHandshakeSuite {
  ReferenceCanonicalBugsHandshakeTest() {
    super(ReferenceProbe.INSTANCE);
  }
}
