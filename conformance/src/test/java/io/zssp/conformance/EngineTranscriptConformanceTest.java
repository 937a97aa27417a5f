package io.zssp.conformance;

import io.zssp.api.ContextConfig;
import io.zssp.api.ZsspContext;
import io.zssp.engine.EngineZssp;

/** The canonical transcripts, byte for byte, against the engine. */
class EngineTranscriptConformanceTest extends TranscriptConformanceTest {
  @Override
  protected ZsspContext newContext(ContextConfig config) {
    return EngineZssp.newContext(config);
  }
}
