package io.zssp.crypto;

import io.zssp.crypto.testing.KbkdfContract;

class DefaultKbkdfTest extends KbkdfContract implements OnDefaultProvider {}
