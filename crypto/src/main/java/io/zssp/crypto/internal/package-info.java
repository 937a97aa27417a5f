/**
 * The default implementations of the {@link io.zssp.crypto} SPI: JDK JCA where the JDK is fast and
 * correct (AES, AES-GCM, SHA-512, HMAC-SHA-512, {@link java.security.SecureRandom}) and
 * BouncyCastle's lightweight API for P-384 (the JDK has no compressed-point codec and its ECDH is
 * slower). Not an API: only {@code io.zssp.crypto} and the native provider's module {@code
 * io.zssp.crypto.accp} (to which it is exported, and which shares the checks, key classes and JCA
 * contexts here instead of copying them) may depend on this package. No class here registers a JCA
 * provider.
 */
package io.zssp.crypto.internal;
