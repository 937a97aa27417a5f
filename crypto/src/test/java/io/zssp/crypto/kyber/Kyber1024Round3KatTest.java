package io.zssp.crypto.kyber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.crypto.KemEncapsulation;
import io.zssp.crypto.KemKeyPair;
import io.zssp.testkit.Hex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * All 100 records of the round-3 Kyber1024 known-answer file, driven through the public {@code Kem}
 * API by the NIST AES-256 CTR_DRBG exactly as {@code PQCgenKAT_kem.c} drives the reference code.
 */
class Kyber1024Round3KatTest {
  private static final String KAT = "kyber1024-r3/PQCkemKAT_3168.rsp";
  private static List<KatFile.Entry> entries;

  @BeforeAll
  static void load() {
    entries = KatFile.read(KAT);
  }

  @Test
  void katFile_hasAllHundredRecords() {
    assertEquals(100, entries.size());
    assertEquals(
        "b10f7394926ad3b49c5d62d5aeb531d5757538bcc0da9e550d438f1b61bd7419",
        Hex.encode(entries.get(0).ss()));
  }

  @Test
  void seeds_areReproducedByTheMasterDrbg() {
    byte[] entropy = new byte[48];
    for (int i = 0; i < 48; i++) {
      entropy[i] = (byte) i;
    }
    NistKatDrbg master = new NistKatDrbg(entropy);
    List<String> failures = new ArrayList<>();
    for (KatFile.Entry e : entries) {
      byte[] seed = new byte[48];
      master.nextBytes(seed);
      if (!Arrays.equals(seed, e.seed())) {
        failures.add("FAIL count " + e.count() + ": seed");
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void keygenEncapsDecaps_matchAllRecords() throws Exception {
    List<String> failures = new ArrayList<>();
    for (KatFile.Entry e : entries) {
      Kyber1024Round3 kem = new Kyber1024Round3(new NistKatDrbg(e.seed()));
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

  @Test
  void decapsulate_tamperedCiphertext_returnsImplicitRejectionSecret() throws Exception {
    List<String> failures = new ArrayList<>();
    Symmetric sym = new Symmetric();
    for (KatFile.Entry e : entries.subList(0, 20)) {
      byte[] ct = e.ct().clone();
      ct[e.count() * 13 % ct.length] ^= (byte) (1 << (e.count() % 8));
      Kyber1024Round3 kem = new Kyber1024Round3(new NistKatDrbg(e.seed()));
      byte[] ss = kem.decapsulate(new KemKeyPair(e.pk(), e.sk().clone()), ct);
      // Round 3 rejection value: KDF(z ‖ H(c)), z = the last 32 bytes of sk.
      byte[] in = new byte[64];
      System.arraycopy(e.sk(), e.sk().length - 32, in, 0, 32);
      sym.hashH(ct, 0, ct.length, in, 32);
      byte[] expected = new byte[32];
      sym.kdf(in, 0, 64, expected, 0);
      if (!Arrays.equals(ss, expected)) {
        failures.add("FAIL count " + e.count() + ": rejection secret");
      }
      if (Arrays.equals(ss, e.ss())) {
        failures.add("FAIL count " + e.count() + ": tampered ct gave the real secret");
      }
    }
    assertEquals(List.of(), failures);
    assertTrue(entries.size() >= 20);
  }
}
