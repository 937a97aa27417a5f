package io.zssp.crypto.accp;

import io.zssp.crypto.testing.P384DecodeContract;

class NativeP384DecodeTest extends P384DecodeContract implements OnNativeProvider {}
