package io.zssp.conformance;

import io.zssp.api.ContextConfig;
import io.zssp.api.ZsspContext;

/**
 * Runs {@link TranscriptConformanceTest} exactly as an implementation's subclass would, on the fake
 * {@link CannedContext}, so that the suite itself (parameters, sanity test, assertions) is tested
 * before any implementation exists. The canned context finds its transcript and side through the
 * name of the scripted crypto provider the harness put into the config.
 */
class CannedTranscriptConformanceTest extends TranscriptConformanceTest {
  @Override
  protected ZsspContext newContext(ContextConfig config) {
    String[] transcriptAndSide = ((InsecureScriptedCrypto) config.crypto()).name().split("/");
    return new CannedContext(
        Transcript.load(transcriptAndSide[0]),
        transcriptAndSide[1],
        config,
        new CannedContext.Tamper());
  }
}
