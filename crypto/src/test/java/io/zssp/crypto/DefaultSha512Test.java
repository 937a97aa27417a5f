package io.zssp.crypto;

import io.zssp.crypto.testing.Sha512Contract;

class DefaultSha512Test extends Sha512Contract implements OnDefaultProvider {}
