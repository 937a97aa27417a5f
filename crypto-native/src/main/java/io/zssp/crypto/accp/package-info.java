/**
 * {@link io.zssp.crypto.accp.NativeCryptoProvider}, the {@link io.zssp.crypto.CryptoProvider} on
 * AWS-LC (through the Amazon Corretto Crypto Provider, ACCP), and its package-private primitives.
 *
 * <p><b>Thread safety</b>, stated once for the package: the provider, its factories ({@code
 * p384()}, {@code aes256()}, {@code sha512()}, {@code hmacSha512()}, {@code kyber1024()}) and its
 * random source are immutable or internally synchronized and may be called from any number of
 * threads at once. The per-key contexts they create (AES-GCM, AES block, HMAC and digest contexts)
 * belong to one thread at a time, exactly as the SPI in {@code io.zssp.crypto} says. Key pairs are
 * owned by whoever created them; the owner destroys them.
 *
 * <p><b>Global state.</b> Nothing here registers a JCA provider ({@code Security.addProvider} is
 * never called): every JCA object is obtained with ACCP's provider instance passed explicitly, so
 * the rest of the JVM keeps its own providers. Loading ACCP extracts and loads its native library
 * once per JVM, on the first call that needs it ({@link
 * io.zssp.crypto.accp.NativeCryptoProvider#isAvailable()} or a factory), never at class
 * initialization of this package's public type.
 */
package io.zssp.crypto.accp;
