package io.zssp.crypto.accp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.testing.P384Contract;
import io.zssp.testkit.Hex;
import io.zssp.testkit.VectorFiles;
import org.junit.jupiter.api.Test;

/** The P-384 contract on the native provider, and how it treats the default provider's keys. */
class NativeP384Test extends P384Contract implements OnNativeProvider {
  /**
   * Keys are not interchangeable objects: the default provider's public key is decoded from its
   * encoding, its key pair is refused with a message that says how to import it.
   */
  @Test
  void agree_defaultProvidersKeys_publicKeyDecoded_keyPairRefusedNamingThisProvider()
      throws Exception {
    P384 p384 = provider().p384();
    JsonNode c = VectorFiles.json("p384.json").get("cases").get(0);
    P384KeyPair a = p384.importPrivateKey(VectorFiles.hex(c, "private"));
    byte[] peer = VectorFiles.hex(c, "peer_public_compressed");
    P384 bc = DefaultCryptoProvider.create().p384();
    assertEquals(c.get("shared_x").asText(), Hex.encode(p384.agree(a, bc.decodePublicKey(peer))));
    P384KeyPair bcPair = bc.importPrivateKey(VectorFiles.hex(c, "private"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> p384.agree(bcPair, p384.decodePublicKey(peer)));
    assertTrue(e.getMessage().contains("NativeCryptoProvider"), e.getMessage());
    assertTrue(e.getMessage().contains("importPrivateKey"), e.getMessage());
  }
}
