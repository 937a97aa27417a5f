package io.zssp.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.InvalidKeyException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The default provider wires every primitive, and all randomness flows from its random source. */
class DefaultCryptoProviderTest {
  /** A deterministic test-only source: SHA-512 in counter mode over a label. */
  private static final class InsecureCounterRandom implements RandomSource {
    private final Sha512 sha = DefaultCryptoProvider.create().sha512();
    private final byte[] label;
    private long counter;

    InsecureCounterRandom(String label) {
      this.label = label.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public synchronized void nextBytes(byte[] out, int off, int len) {
      while (len > 0) {
        byte[] block = sha.hash(label, java.nio.ByteBuffer.allocate(8).putLong(counter++).array());
        int n = Math.min(len, block.length);
        System.arraycopy(block, 0, out, off, n);
        off += n;
        len -= n;
      }
    }
  }

  @Test
  void create_everyPrimitiveWorksEndToEnd() throws Exception {
    CryptoProvider crypto = DefaultCryptoProvider.create();

    P384KeyPair a = crypto.p384().generateKeyPair();
    P384KeyPair b = crypto.p384().generateKeyPair();
    P384PublicKey bPub = crypto.p384().decodePublicKey(b.publicKey().encoded());
    assertArrayEquals(crypto.p384().agree(a, bPub), crypto.p384().agree(b, a.publicKey()));

    KemKeyPair kp = crypto.kyber1024().generateKeyPair();
    KemEncapsulation enc = crypto.kyber1024().encapsulate(kp.publicKey());
    assertArrayEquals(enc.sharedSecret(), crypto.kyber1024().decapsulate(kp, enc.ciphertext()));
    assertEquals(1568, kp.publicKey().length);
    assertEquals(1568, enc.ciphertext().length);

    byte[] key = new byte[32];
    crypto.random().nextBytes(key);
    byte[] nonce = new byte[12];
    byte[] buf =
        Arrays.copyOf("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 5 + 16);
    int sealed = crypto.aes256().newGcm(key).seal(nonce, null, buf, 0, 5, buf, 0);
    assertEquals(21, sealed);
    assertEquals(5, crypto.aes256().newGcm(key).open(nonce, null, buf, 0, sealed, buf, 0));
    assertEquals("hello", new String(buf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Test
  void withRandom_sameSource_sameKeys() throws InvalidKeyException {
    CryptoProvider c1 = DefaultCryptoProvider.withRandom(new InsecureCounterRandom("t"));
    CryptoProvider c2 = DefaultCryptoProvider.withRandom(new InsecureCounterRandom("t"));
    assertArrayEquals(
        c1.p384().generateKeyPair().publicKey().encoded(),
        c2.p384().generateKeyPair().publicKey().encoded());
    assertArrayEquals(
        c1.kyber1024().generateKeyPair().publicKey(), c2.kyber1024().generateKeyPair().publicKey());
    CryptoProvider c3 = DefaultCryptoProvider.withRandom(new InsecureCounterRandom("other"));
    assertFalse(
        Arrays.equals(
            c1.p384().generateKeyPair().publicKey().encoded(),
            c3.p384().generateKeyPair().publicKey().encoded()));
  }

  @Test
  void kyber_wrongSizes_areRejectedWithClearErrors() {
    Kem kem = DefaultCryptoProvider.create().kyber1024();
    InvalidKeyException e =
        assertThrows(InvalidKeyException.class, () -> kem.encapsulate(new byte[1567]));
    assertEquals("expected 1568-byte Kyber1024 public key, got 1567 bytes", e.getMessage());
    KemKeyPair kp = kem.generateKeyPair();
    assertThrows(InvalidKeyException.class, () -> kem.decapsulate(kp, new byte[1569]));
    assertThrows(InvalidKeyException.class, () -> kem.encapsulate(null));
    assertThrows(InvalidKeyException.class, () -> kem.decapsulate(null, new byte[1568]));
    KemKeyPair wrongSize = new KemKeyPair(new byte[1568], new byte[3167]);
    assertThrows(InvalidKeyException.class, () -> kem.decapsulate(wrongSize, new byte[1568]));
    kp.destroy();
    assertThrows(InvalidKeyException.class, () -> kem.decapsulate(kp, new byte[1568]));
  }
}
