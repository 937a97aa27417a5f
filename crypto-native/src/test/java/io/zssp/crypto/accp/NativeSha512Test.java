package io.zssp.crypto.accp;

import io.zssp.crypto.testing.Sha512Contract;

class NativeSha512Test extends Sha512Contract implements OnNativeProvider {}
