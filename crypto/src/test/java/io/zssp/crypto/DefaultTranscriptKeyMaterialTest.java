package io.zssp.crypto;

import io.zssp.crypto.testing.TranscriptKeyMaterialContract;

class DefaultTranscriptKeyMaterialTest extends TranscriptKeyMaterialContract
    implements OnDefaultProvider {}
