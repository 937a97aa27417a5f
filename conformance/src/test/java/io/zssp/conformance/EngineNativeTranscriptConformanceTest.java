package io.zssp.conformance;

import io.zssp.api.ContextConfig;
import io.zssp.api.ZsspContext;
import io.zssp.engine.EngineZssp;
import org.junit.jupiter.api.BeforeAll;

/**
 * The canonical transcripts, byte for byte, against the engine on the native crypto provider: the
 * scripted values are the transcript's, the work (P-384 decoding and ECDH, AES-GCM, the AES block,
 * SHA-512, HMAC) is AWS-LC's ({@link NativeCrypto#scriptedOnNative}).
 */
class EngineNativeTranscriptConformanceTest extends TranscriptConformanceTest {
  @BeforeAll
  static void requireNative() {
    NativeCrypto.require();
  }

  @Override
  protected ZsspContext newContext(ContextConfig config) {
    return EngineZssp.newContext(
        NativeCrypto.rebuild(config, NativeCrypto.scriptedOnNative(config.crypto())));
  }
}
