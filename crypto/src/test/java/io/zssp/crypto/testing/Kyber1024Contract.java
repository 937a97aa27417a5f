package io.zssp.crypto.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.crypto.Kem;
import io.zssp.crypto.KemEncapsulation;
import io.zssp.crypto.KemKeyPair;
import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A provider's Kyber1024 round 3 ({@code kyber1024()}, fed by the provider's random source): all
 * 100 records of the known-answer file, driven by the NIST AES-256 CTR_DRBG exactly as {@code
 * PQCgenKAT_kem.c} drives the reference code; implicit rejection of tampered ciphertexts; sizes.
 */
public abstract class Kyber1024Contract implements ProviderUnderTest {
  private static final String KAT = "kyber1024-r3/PQCkemKAT_3168.rsp";
  private static List<KatFile.Entry> entries;

  @BeforeAll
  static void load() {
    entries = KatFile.read(KAT);
    assertEquals(100, entries.size(), KAT + " record count");
  }

  @Test
  void keygenEncapsDecaps_matchAllRecords() throws Exception {
    List<String> failures = new ArrayList<>();
    for (KatFile.Entry e : entries) {
      Kem kem = provider(new NistKatDrbg(e.seed())).kyber1024();
      KemKeyPair kp = kem.generateKeyPair();
      if (!Arrays.equals(kp.publicKey(), e.pk())) {
        failures.add("FAIL count " + e.count() + ": pk");
      }
      if (!Arrays.equals(kp.secretKeyCopy(), e.sk())) {
        failures.add("FAIL count " + e.count() + ": sk");
      }
      KemEncapsulation enc = kem.encapsulate(e.pk());
      if (!Arrays.equals(enc.ciphertext(), e.ct())) {
        failures.add("FAIL count " + e.count() + ": ct");
      }
      if (!Arrays.equals(enc.sharedSecret(), e.ss())) {
        failures.add("FAIL count " + e.count() + ": ss (encaps)");
      }
      KemKeyPair recorded = new KemKeyPair(e.pk().clone(), e.sk().clone());
      if (!Arrays.equals(kem.decapsulate(recorded, e.ct()), e.ss())) {
        failures.add("FAIL count " + e.count() + ": ss (decaps)");
      }
    }
    assertEquals(List.of(), failures);
  }

  /**
   * Round 3's implicit rejection: a tampered ciphertext gives KDF(z ‖ H(c)) with z the last 32
   * bytes of sk, H = SHA3-256 and KDF = SHAKE-256 (computed here with BouncyCastle's digests).
   */
  @Test
  void decapsulate_tamperedCiphertext_returnsImplicitRejectionSecret() throws Exception {
    Kem kem = provider().kyber1024();
    List<String> failures = new ArrayList<>();
    for (KatFile.Entry e : entries.subList(0, 20)) {
      byte[] ct = e.ct().clone();
      ct[e.count() * 13 % ct.length] ^= (byte) (1 << (e.count() % 8));
      byte[] ss = kem.decapsulate(new KemKeyPair(e.pk(), e.sk().clone()), ct);
      if (!Arrays.equals(ss, rejectionSecret(e.sk(), ct))) {
        failures.add("FAIL count " + e.count() + ": rejection secret");
      }
      if (Arrays.equals(ss, e.ss())) {
        failures.add("FAIL count " + e.count() + ": tampered ct gave the real secret");
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void wrongSizes_areRejectedWithClearErrors() {
    Kem kem = provider().kyber1024();
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

  /**
   * B20, the FIPS 203 modulus check: every known-answer and freshly generated key passes; a key
   * with one 12-bit coefficient at q or above (either half of a 3-byte group, first or last group)
   * fails and is not encapsulated to; q − 1 passes; the seed rho is not checked.
   */
  @Test
  void publicKeyCheck_refusesCoefficientsNotBelowQ_only() throws Exception {
    Kem kem = provider().kyber1024();
    for (KatFile.Entry e : entries) {
      assertTrue(kem.isValidPublicKey(e.pk()), "KAT count " + e.count());
    }
    byte[] pk = kem.generateKeyPair().publicKey();
    assertTrue(kem.isValidPublicKey(pk));
    for (int group : new int[] {0, 511}) { // 1536 bytes of t̂: 512 groups of two coefficients
      for (boolean high : new boolean[] {false, true}) {
        for (int value : new int[] {3328, 3329, 4095}) {
          byte[] k = withCoefficient(pk, group, high, value);
          boolean valid = value < 3329;
          assertEquals(valid, kem.isValidPublicKey(k), group + "/" + high + "/" + value);
          if (!valid) {
            assertThrows(InvalidKeyException.class, () -> kem.encapsulate(k));
          } else {
            kem.encapsulate(k).destroy();
          }
        }
      }
    }
    byte[] rho = pk.clone();
    Arrays.fill(rho, 1536, 1568, (byte) 0xff);
    assertTrue(kem.isValidPublicKey(rho));
    assertFalse(kem.isValidPublicKey(new byte[1567]));
    assertFalse(kem.isValidPublicKey(null));
  }

  /** {@code pk} with the low or high coefficient of 3-byte group {@code group} set to value. */
  private static byte[] withCoefficient(byte[] pk, int group, boolean high, int value) {
    byte[] k = pk.clone();
    int i = 3 * group;
    if (high) {
      k[i + 1] = (byte) ((k[i + 1] & 0x0f) | (value & 0x0f) << 4);
      k[i + 2] = (byte) (value >>> 4);
    } else {
      k[i] = (byte) value;
      k[i + 1] = (byte) ((k[i + 1] & 0xf0) | value >>> 8);
    }
    return k;
  }

  /** SHAKE-256(z ‖ SHA3-256(ct), 32 bytes). */
  private static byte[] rejectionSecret(byte[] sk, byte[] ct) {
    byte[] in = new byte[64];
    System.arraycopy(sk, sk.length - 32, in, 0, 32);
    SHA3Digest h = new SHA3Digest(256);
    h.update(ct, 0, ct.length);
    h.doFinal(in, 32);
    SHAKEDigest kdf = new SHAKEDigest(256);
    kdf.update(in, 0, in.length);
    byte[] out = new byte[32];
    kdf.doFinal(out, 0, 32);
    return out;
  }
}
