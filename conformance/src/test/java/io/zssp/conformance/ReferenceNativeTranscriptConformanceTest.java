package io.zssp.conformance;

import io.zssp.api.ContextConfig;
import io.zssp.api.ZsspContext;
import io.zssp.reference.ReferenceZssp;
import org.junit.jupiter.api.BeforeAll;

/**
 * The canonical transcripts, byte for byte, against the reference implementation on the native
 * crypto provider (see {@link EngineNativeTranscriptConformanceTest}).
 */
class ReferenceNativeTranscriptConformanceTest extends TranscriptConformanceTest {
  @BeforeAll
  static void requireNative() {
    NativeCrypto.require();
  }

  @Override
  protected ZsspContext newContext(ContextConfig config) {
    return ReferenceZssp.newContext(
        NativeCrypto.rebuild(config, NativeCrypto.scriptedOnNative(config.crypto())));
  }
}
