package io.zssp.crypto;

import io.zssp.crypto.testing.RandomSourceContract;

class DefaultRandomSourceTest extends RandomSourceContract implements OnDefaultProvider {}
