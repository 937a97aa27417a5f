package io.zssp.crypto.accp;

import io.zssp.crypto.testing.TranscriptKeyMaterialContract;

class NativeTranscriptKeyMaterialTest extends TranscriptKeyMaterialContract
    implements OnNativeProvider {}
