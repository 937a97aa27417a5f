package io.zssp.crypto;

import io.zssp.crypto.testing.CryptoProviderContract;

class DefaultCryptoProviderTest extends CryptoProviderContract implements OnDefaultProvider {}
