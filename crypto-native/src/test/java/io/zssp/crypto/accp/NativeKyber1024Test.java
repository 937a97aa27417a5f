package io.zssp.crypto.accp;

import io.zssp.crypto.testing.Kyber1024Contract;

class NativeKyber1024Test extends Kyber1024Contract implements OnNativeProvider {}
