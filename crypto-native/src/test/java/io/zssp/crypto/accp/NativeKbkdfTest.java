package io.zssp.crypto.accp;

import io.zssp.crypto.testing.KbkdfContract;

class NativeKbkdfTest extends KbkdfContract implements OnNativeProvider {}
