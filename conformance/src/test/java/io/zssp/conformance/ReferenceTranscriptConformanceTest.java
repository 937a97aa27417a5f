package io.zssp.conformance;

import io.zssp.api.ContextConfig;
import io.zssp.api.ZsspContext;
import io.zssp.reference.ReferenceZssp;

/** The canonical transcripts, byte for byte, against the reference implementation. */
class ReferenceTranscriptConformanceTest extends TranscriptConformanceTest {
  @Override
  protected ZsspContext newContext(ContextConfig config) {
    return ReferenceZssp.newContext(config);
  }
}
