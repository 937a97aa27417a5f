package io.zssp.crypto;

import io.zssp.crypto.testing.P384DecodeContract;

class DefaultP384DecodeTest extends P384DecodeContract implements OnDefaultProvider {}
