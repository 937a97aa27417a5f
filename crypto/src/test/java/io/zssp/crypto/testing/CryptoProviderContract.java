package io.zssp.crypto.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.crypto.ConstantTime;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.KemEncapsulation;
import io.zssp.crypto.KemKeyPair;
import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A provider as a whole: it wires every primitive, all its randomness flows from the source it was
 * given, and its factories are shared and thread-safe.
 */
public abstract class CryptoProviderContract implements ProviderUnderTest {
  @Test
  void create_everyPrimitiveWorksEndToEnd() throws Exception {
    CryptoProvider crypto = provider();

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
    assertFalse(Arrays.equals(key, new byte[32]));
    byte[] nonce = new byte[12];
    byte[] buf = Arrays.copyOf("hello".getBytes(StandardCharsets.US_ASCII), 5 + 16);
    int sealed = crypto.aes256().newGcm(key).seal(nonce, null, buf, 0, 5, buf, 0);
    assertEquals(21, sealed);
    assertEquals(5, crypto.aes256().newGcm(key).open(nonce, null, buf, 0, sealed, buf, 0));
    assertEquals("hello", new String(buf, 0, 5, StandardCharsets.US_ASCII));
    byte[] rnd = new byte[20];
    crypto.random().nextBytes(rnd, 3, 10);
    assertTrue(ConstantTime.isZero(rnd, 0, 3) && ConstantTime.isZero(rnd, 13, 7));
  }

  /**
   * All randomness flows from the given source: the same source gives the same keys and draws, and
   * the default provider's, so a provider's keys can be replayed on another; another source gives
   * other keys.
   */
  @Test
  void withRandom_sameSource_sameKeysAsTheDefaultProvider_otherSource_otherKeys()
      throws InvalidKeyException {
    CryptoProvider c1 = provider(new InsecureCounterRandom("t"));
    CryptoProvider c2 = provider(new InsecureCounterRandom("t"));
    CryptoProvider d = DefaultCryptoProvider.withRandom(new InsecureCounterRandom("t"));
    for (int i = 0; i < 3; i++) {
      byte[] p384 = c1.p384().generateKeyPair().publicKey().encoded();
      assertArrayEquals(p384, c2.p384().generateKeyPair().publicKey().encoded());
      assertArrayEquals(p384, d.p384().generateKeyPair().publicKey().encoded());
      byte[] kyber = c1.kyber1024().generateKeyPair().publicKey();
      assertArrayEquals(kyber, c2.kyber1024().generateKeyPair().publicKey());
      assertArrayEquals(kyber, d.kyber1024().generateKeyPair().publicKey());
      long r = c1.random().nextLong();
      assertEquals(r, c2.random().nextLong());
      assertEquals(r, d.random().nextLong());
    }
    CryptoProvider c3 = provider(new InsecureCounterRandom("other"));
    assertFalse(
        Arrays.equals(
            c1.p384().generateKeyPair().publicKey().encoded(),
            c3.p384().generateKeyPair().publicKey().encoded()));
    assertThrows(NullPointerException.class, () -> provider(null));
  }

  /** 4 threads × 50 handshakes' worth of key generation, decoding and ECDH on one P384 object. */
  @Test
  void factories_areShared_andThreadSafe_underConcurrentHandshakeWork() throws Exception {
    CryptoProvider crypto = provider();
    assertSame(crypto.p384(), crypto.p384());
    assertSame(crypto.aes256(), crypto.aes256());
    assertSame(crypto.hmacSha512(), crypto.hmacSha512());
    P384 p384 = crypto.p384();
    P384KeyPair server = p384.generateKeyPair();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    P384KeyPair client = p384.generateKeyPair();
                    byte[] c =
                        p384.agree(client, p384.decodePublicKey(server.publicKey().encoded()));
                    byte[] s =
                        p384.agree(server, p384.decodePublicKey(client.publicKey().encoded()));
                    if (!Arrays.equals(c, s)) {
                      return "ECDH mismatch at " + i;
                    }
                    client.destroy();
                  }
                  return null;
                }));
      }
      for (Future<String> f : results) {
        assertEquals(null, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
