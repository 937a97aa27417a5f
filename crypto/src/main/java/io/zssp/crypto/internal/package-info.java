/**
 * The default implementations of the {@link io.zssp.crypto} SPI: JDK JCA where the JDK is fast and
 * correct (AES, AES-GCM, SHA-512, HMAC-SHA-512, {@link java.security.SecureRandom}) and
 * BouncyCastle's lightweight API for P-384 (the JDK has no compressed-point codec and its ECDH is
 * slower). Not an API: only {@code io.zssp.crypto} may depend on this package. No class here
 * registers a JCA provider.
 */
package io.zssp.crypto.internal;
