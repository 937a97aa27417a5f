package io.zssp.examples;

import io.zssp.api.ContextConfig;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384KeyPair;
import io.zssp.udp.FileRatchetStore;
import io.zssp.udp.KeyFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The examples' identity, kept as the {@code zssp} command keeps it: the key pair in FILE (PEM
 * PKCS#8) and FILE.pub, generated there if missing ({@code zssp keygen} writes the same files), and
 * the ratchets in FILE.ratchets/.
 */
final class ExampleConfig {
  static final CryptoProvider CRYPTO = DefaultCryptoProvider.create();

  private ExampleConfig() {}

  /** A context configuration with the identity in {@code keyFile}; prints its public key. */
  static ContextConfig.Builder load(Path keyFile) throws Exception {
    if (!Files.exists(keyFile)) {
      P384KeyPair key = CRYPTO.p384().generateKeyPair();
      KeyFiles.writePrivateKey(keyFile, key);
      KeyFiles.writePublicKey(Path.of(keyFile + ".pub"), key.publicKey());
    }
    P384KeyPair key = KeyFiles.readPrivateKey(keyFile, CRYPTO.p384());
    System.out.println(keyFile + ": public key " + KeyFiles.publicKeyHex(key.publicKey()));
    return ContextConfig.builder()
        .crypto(CRYPTO)
        .staticKey(key)
        .ratchetStore(FileRatchetStore.open(Path.of(keyFile + ".ratchets")));
  }
}
