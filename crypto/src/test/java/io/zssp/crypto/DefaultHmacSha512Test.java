package io.zssp.crypto;

import io.zssp.crypto.testing.HmacSha512Contract;

class DefaultHmacSha512Test extends HmacSha512Contract implements OnDefaultProvider {}
