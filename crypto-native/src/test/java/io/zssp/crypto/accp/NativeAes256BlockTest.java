package io.zssp.crypto.accp;

import io.zssp.crypto.testing.Aes256BlockContract;

class NativeAes256BlockTest extends Aes256BlockContract implements OnNativeProvider {}
