package io.zssp.crypto.accp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.KemEncapsulation;
import io.zssp.crypto.KemKeyPair;
import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.RandomSource;
import io.zssp.crypto.Sha512;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Loading, fallback, wiring of every primitive, determinism with a given source, threads. */
class NativeCryptoProviderTest {
  /** A deterministic test-only source: SHA-512 in counter mode over a label. */
  private static final class InsecureCounterRandom implements RandomSource {
    private final Sha512 sha = DefaultCryptoProvider.create().sha512();
    private final byte[] label;
    private long counter;

    InsecureCounterRandom(String label) {
      this.label = label.getBytes(StandardCharsets.US_ASCII);
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
  void isAvailable_onLinuxX8664_withNoReason_andDescribesWhatRuns() {
    NativeCryptoProvider crypto = NativeTesting.provider();
    assertTrue(NativeCryptoProvider.isAvailable());
    assertEquals(java.util.Optional.empty(), NativeCryptoProvider.unavailableReason());
    assertTrue(crypto.description().startsWith("ACCP 2.5.0 (AWS-LC v"), crypto.description());
    assertTrue(crypto.toString().contains("native"), crypto.toString());
  }

  @Test
  void createOrDefault_available_returnsTheNativeProvider_logsNothing() {
    NativeTesting.requireNative();
    List<String> log = new ArrayList<>();
    CryptoProvider crypto = NativeCryptoProvider.createOrDefault(log::add);
    assertInstanceOf(NativeCryptoProvider.class, crypto);
    assertEquals(List.of(), log);
  }

  @Test
  void createOrDefault_unavailable_fallsBackToTheDefault_withOneLineGivingTheReason() {
    List<String> log = new ArrayList<>();
    CryptoProvider crypto =
        NativeCryptoProvider.createOrDefault(
            AccpStatus.unavailable("unsupported platform Plan9/mips"), log::add);
    assertInstanceOf(DefaultCryptoProvider.class, crypto);
    assertEquals(1, log.size(), log.toString());
    assertTrue(log.get(0).contains("unsupported platform Plan9/mips"), log.get(0));
    assertTrue(log.get(0).contains("default provider"), log.get(0));
    assertThrows(NullPointerException.class, () -> NativeCryptoProvider.createOrDefault(null));
  }

  @Test
  void unavailableStatus_providerThrowsWithTheReason() {
    AccpStatus status = AccpStatus.unavailable("ACCP's native library failed to load: x");
    assertFalse(status.isAvailable());
    IllegalStateException e = assertThrows(IllegalStateException.class, status::provider);
    assertTrue(e.getMessage().contains("failed to load"), e.getMessage());
  }

  @Test
  void supportedPlatform_linuxOnX8664AndAarch64Only() {
    assertTrue(AccpStatus.supportedPlatform("Linux", "amd64"));
    assertTrue(AccpStatus.supportedPlatform("Linux", "aarch64"));
    assertFalse(AccpStatus.supportedPlatform("Mac OS X", "aarch64"));
    assertFalse(AccpStatus.supportedPlatform("Windows 11", "amd64"));
    assertFalse(AccpStatus.supportedPlatform("Linux", "s390x"));
  }

  @Test
  void create_everyPrimitiveWorksEndToEnd() throws Exception {
    CryptoProvider crypto = NativeTesting.provider();
    P384KeyPair a = crypto.p384().generateKeyPair();
    P384KeyPair b = crypto.p384().generateKeyPair();
    assertArrayEquals(
        crypto.p384().agree(a, crypto.p384().decodePublicKey(b.publicKey().encoded())),
        crypto.p384().agree(b, a.publicKey()));
    KemKeyPair kp = crypto.kyber1024().generateKeyPair();
    KemEncapsulation enc = crypto.kyber1024().encapsulate(kp.publicKey());
    assertArrayEquals(enc.sharedSecret(), crypto.kyber1024().decapsulate(kp, enc.ciphertext()));
    byte[] key = new byte[32];
    crypto.random().nextBytes(key);
    assertFalse(Arrays.equals(key, new byte[32]));
    byte[] nonce = new byte[12];
    byte[] buf = Arrays.copyOf("hello".getBytes(StandardCharsets.US_ASCII), 5 + 16);
    assertEquals(21, crypto.aes256().newGcm(key).seal(nonce, null, buf, 0, 5, buf, 0));
    assertEquals(5, crypto.aes256().newGcm(key).open(nonce, null, buf, 0, 21, buf, 0));
    assertEquals("hello", new String(buf, 0, 5, StandardCharsets.US_ASCII));
    byte[] rnd = new byte[20];
    crypto.random().nextBytes(rnd, 3, 10);
    assertTrue(isZero(rnd, 0, 3) && isZero(rnd, 13, 7));
  }

  /** The same source gives the native and the default provider the same P-384 and Kyber keys. */
  @Test
  void withRandom_sameSource_sameKeysAsTheDefaultProvider() throws Exception {
    NativeTesting.requireNative();
    CryptoProvider n = NativeCryptoProvider.withRandom(new InsecureCounterRandom("t"));
    CryptoProvider d = DefaultCryptoProvider.withRandom(new InsecureCounterRandom("t"));
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(
          d.p384().generateKeyPair().publicKey().encoded(),
          n.p384().generateKeyPair().publicKey().encoded());
      assertArrayEquals(
          d.kyber1024().generateKeyPair().publicKey(), n.kyber1024().generateKeyPair().publicKey());
      assertEquals(d.random().nextLong(), n.random().nextLong());
    }
    assertThrows(NullPointerException.class, () -> NativeCryptoProvider.withRandom(null));
  }

  @Test
  void factories_areShared_andThreadSafe_underConcurrentHandshakeWork() throws Exception {
    NativeCryptoProvider crypto = NativeTesting.provider();
    assertSame(crypto.p384(), crypto.p384());
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

  private static boolean isZero(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
