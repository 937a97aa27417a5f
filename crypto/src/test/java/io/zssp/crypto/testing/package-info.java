/**
 * The proofs every {@link io.zssp.crypto.CryptoProvider} of this project must pass, as abstract
 * JUnit suites ({@code *Contract}) that take the provider from {@link
 * io.zssp.crypto.testing.ProviderUnderTest}, and the test utilities they share: the NIST KAT DRBG
 * and file parser, scripted and counter random sources. Every vector file (P-384, KBKDF, the Kyber
 * known answers, the transcripts' key material) is read here, so each provider that runs the suites
 * is checked against all of them.
 *
 * <p>Shipped as the test-jar of {@code zssp-crypto} (only this package); {@code crypto} runs the
 * suites on {@code DefaultCryptoProvider}, {@code crypto-native} on {@code NativeCryptoProvider}.
 * Nothing here is an API.
 */
package io.zssp.crypto.testing;
