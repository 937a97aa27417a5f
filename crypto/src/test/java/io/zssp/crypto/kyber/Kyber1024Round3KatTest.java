package io.zssp.crypto.kyber;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zssp.crypto.testing.KatFile;
import io.zssp.crypto.testing.NistKatDrbg;
import io.zssp.testkit.Hex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The round-3 Kyber1024 known-answer file and the NIST DRBG that drives it. The records themselves
 * run through each provider's {@code kyber1024()} in {@code
 * io.zssp.crypto.testing.Kyber1024Contract}.
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
}
