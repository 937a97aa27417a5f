package io.zssp.crypto;

import io.zssp.crypto.testing.Aes256BlockContract;

class DefaultAes256BlockTest extends Aes256BlockContract implements OnDefaultProvider {}
