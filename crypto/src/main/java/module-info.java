/**
 * ZSSP's cryptography behind narrow interfaces: the {@link io.zssp.crypto.CryptoProvider} SPI
 * (P-384, Kyber1024 round 3, AES-256, AES-256-GCM, SHA-512, HMAC-SHA-512, randomness), the default
 * provider, KBKDF and constant-time helpers. The implementations ({@code io.zssp.crypto.internal},
 * and this project's P-384 in {@code io.zssp.crypto.internal.p384}) are exported only to the native
 * provider's module, which builds on them; the Kyber lattice code ({@code io.zssp.crypto.kyber}) is
 * not exported.
 */
@SuppressWarnings("module") // io.zssp.crypto.accp is built after this module
module io.zssp.crypto {
  requires org.bouncycastle.provider;

  exports io.zssp.crypto;
  exports io.zssp.crypto.internal to
      io.zssp.crypto.accp;
  exports io.zssp.crypto.internal.p384 to
      io.zssp.crypto.accp;
}
