package io.zssp.crypto.accp;

import io.zssp.crypto.testing.RandomSourceContract;

class NativeRandomSourceTest extends RandomSourceContract implements OnNativeProvider {}
