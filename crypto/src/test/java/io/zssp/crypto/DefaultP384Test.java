package io.zssp.crypto;

import io.zssp.crypto.testing.P384Contract;

class DefaultP384Test extends P384Contract implements OnDefaultProvider {}
