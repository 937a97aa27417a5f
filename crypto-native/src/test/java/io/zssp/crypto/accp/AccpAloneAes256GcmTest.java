package io.zssp.crypto.accp;

import io.zssp.crypto.testing.Aes256GcmContract;

class AccpAloneAes256GcmTest extends Aes256GcmContract implements OnAccpAlone {}
