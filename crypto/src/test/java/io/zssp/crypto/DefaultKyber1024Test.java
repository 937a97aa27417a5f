package io.zssp.crypto;

import io.zssp.crypto.testing.Kyber1024Contract;

class DefaultKyber1024Test extends Kyber1024Contract implements OnDefaultProvider {}
