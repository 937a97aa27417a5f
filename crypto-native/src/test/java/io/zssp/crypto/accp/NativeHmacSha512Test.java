package io.zssp.crypto.accp;

import io.zssp.crypto.testing.HmacSha512Contract;

class NativeHmacSha512Test extends HmacSha512Contract implements OnNativeProvider {}
