/**
 * An optional, native {@link io.zssp.crypto.CryptoProvider}, {@link
 * io.zssp.crypto.accp.NativeCryptoProvider}: P-384, AES-256-GCM and HMAC-SHA-512 from AWS-LC
 * through the Amazon Corretto Crypto Provider (used as a provider object, never registered with the
 * JCA), the AES block and SHA-512 from the JDK, Kyber1024 round 3 from {@code io.zssp.crypto}. It
 * shares the default provider's P-384 checks and key base classes and its JCA contexts ({@code
 * io.zssp.crypto.internal}, exported to this module alone). Only {@code io.zssp.crypto.accp} is
 * exported, and in it only {@code NativeCryptoProvider} is public.
 */
module io.zssp.crypto.accp {
  requires transitive io.zssp.crypto;
  requires com.amazon.corretto.crypto.provider;

  exports io.zssp.crypto.accp;
}
