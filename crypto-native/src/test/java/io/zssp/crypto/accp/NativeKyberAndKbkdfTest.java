package io.zssp.crypto.accp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.Kbkdf;
import io.zssp.crypto.Kem;
import io.zssp.crypto.KemEncapsulation;
import io.zssp.crypto.KemKeyPair;
import io.zssp.crypto.RandomSource;
import io.zssp.testkit.Hex;
import io.zssp.testkit.VectorFiles;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The native provider's Kyber1024 (ours, fed by the provider's random source) against all 100
 * round-3 known-answer records and every Kyber value of the canonical transcripts, and KBKDF on the
 * native HMAC-SHA-512 against kbkdf.json and the spec's appendix values.
 */
class NativeKyberAndKbkdfTest {
  private static final List<String> TRANSCRIPTS =
      List.of(
          "basic",
          "small-mtu",
          "rekey",
          "challenge",
          "otp-persistent",
          "rejected",
          "replay-and-garbage");

  @Test
  void kyber_allHundredKatRecords_throughTheNativeProvider() throws Exception {
    NativeTesting.requireNative();
    List<KatFile.Entry> entries = KatFile.read("kyber1024-r3/PQCkemKAT_3168.rsp");
    assertEquals(100, entries.size());
    List<String> failures = new ArrayList<>();
    for (KatFile.Entry e : entries) {
      Kem kem = NativeCryptoProvider.withRandom(new NistKatDrbg(e.seed())).kyber1024();
      KemKeyPair kp = kem.generateKeyPair();
      if (!Arrays.equals(kp.publicKey(), e.pk())) {
        failures.add("FAIL count " + e.count() + ": pk");
      }
      if (!Arrays.equals(kp.secretKeyCopy(), e.sk())) {
        failures.add("FAIL count " + e.count() + ": sk");
      }
      KemEncapsulation enc = kem.encapsulate(e.pk());
      if (!Arrays.equals(enc.ciphertext(), e.ct()) || !Arrays.equals(enc.sharedSecret(), e.ss())) {
        failures.add("FAIL count " + e.count() + ": encapsulation");
      }
      KemKeyPair recorded = new KemKeyPair(e.pk().clone(), e.sk().clone());
      if (!Arrays.equals(kem.decapsulate(recorded, e.ct()), e.ss())) {
        failures.add("FAIL count " + e.count() + ": ss (decaps)");
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void kyber_everyTranscriptValue_isReproduced() throws Exception {
    NativeTesting.requireNative();
    List<String> failures = new ArrayList<>();
    int keyPairs = 0;
    int encapsulations = 0;
    for (String name : TRANSCRIPTS) {
      JsonNode t = VectorFiles.json("transcripts/" + name + ".json");
      Map<String, byte[]> publicKeysBySha512Prefix = new HashMap<>();
      for (String side : List.of("alice", "bob")) {
        for (JsonNode v : t.get("sides").get(side).get("injected_values")) {
          if (!v.get("kind").asText().equals("kyber1024_keypair")) {
            continue;
          }
          keyPairs++;
          KemKeyPair kp =
              kem(VectorFiles.hex(v, "seed_d"), VectorFiles.hex(v, "seed_z")).generateKeyPair();
          String where = name + " " + side + " seq " + v.get("seq").asInt();
          if (!Arrays.equals(kp.publicKey(), VectorFiles.hex(v, "public"))
              || !Arrays.equals(kp.secretKeyCopy(), VectorFiles.hex(v, "secret"))) {
            failures.add("FAIL " + where + ": Kyber key pair");
          }
          byte[] digest = MessageDigest.getInstance("SHA-512").digest(kp.publicKey());
          publicKeysBySha512Prefix.put(Hex.encode(digest, 0, 16), kp.publicKey());
        }
      }
      for (String side : List.of("alice", "bob")) {
        for (JsonNode v : t.get("sides").get(side).get("injected_values")) {
          if (!v.get("kind").asText().equals("kyber1024_encapsulation")) {
            continue;
          }
          encapsulations++;
          String where = name + " " + side + " seq " + v.get("seq").asInt();
          byte[] pk = publicKeysBySha512Prefix.get(v.get("public_key_sha512_first16").asText());
          if (pk == null) {
            failures.add("FAIL " + where + ": encapsulated to an unknown public key");
            continue;
          }
          KemEncapsulation enc = kem(VectorFiles.hex(v, "coins")).encapsulate(pk);
          if (!Arrays.equals(enc.ciphertext(), VectorFiles.hex(v, "ciphertext"))
              || !Arrays.equals(enc.sharedSecret(), VectorFiles.hex(v, "shared_secret"))) {
            failures.add("FAIL " + where + ": Kyber encapsulation");
          }
        }
      }
    }
    assertEquals(List.of(), failures);
    assertTrue(keyPairs >= 7 && encapsulations >= 7, keyPairs + " key pairs, " + encapsulations);
  }

  @Test
  void kbkdf_vectorFile_allCasesOnTheNativeHmac() {
    CryptoProvider crypto = NativeTesting.provider();
    Kbkdf kbkdf = new Kbkdf(crypto.hmacSha512());
    JsonNode cases = VectorFiles.json("kbkdf.json").get("cases");
    assertEquals(13, cases.size(), "kbkdf.json case count");
    List<String> failures = new ArrayList<>();
    for (JsonNode c : cases) {
      String id = "case " + c.get("case").asInt() + " (" + c.get("description").asText() + ")";
      byte[] ikm = VectorFiles.hex(c, "ikm");
      byte[] label = VectorFiles.hex(c, "label");
      byte[] ck = VectorFiles.hex(c, "context_ck");
      int n = c.get("num_outputs").asInt();
      JsonNode expected = c.get("outputs");
      byte[][] got = kbkdf.derive(ikm, label, ck, n);
      for (int i = 0; i < n; i++) {
        if (!Hex.encode(got[i]).equals(expected.get(i).asText())) {
          failures.add("FAIL " + id + ": output " + (i + 1) + " " + Hex.encode(got[i]));
        }
      }
      byte[] first = new byte[Kbkdf.OUTPUT_SIZE_IN_BYTES];
      kbkdf.derive(ikm, label, ck, n, first);
      if (!Hex.encode(first).equals(expected.get(0).asText())) {
        failures.add("FAIL " + id + ": output 1 computed alone differs");
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void kbkdf_specAppendixA_mixKeyAndSplitWithEmptyKey() {
    Kbkdf kbkdf = new Kbkdf(NativeTesting.provider().hmacSha512());
    byte[] zssp = "ZSSP".getBytes(StandardCharsets.US_ASCII);
    byte[] ck =
        Arrays.copyOf(
            "Noise_XKhfs+psk2_P384+Kyber1024_AESGCM_SHA512".getBytes(StandardCharsets.US_ASCII),
            64);
    byte[] ikm =
        Hex.decode(
            "03a4715dff788914cc831dc051747e9acdcd3ebaa608bddd08c894230b860b9a77"
                + "983a5ecebc496730fedc604cc17d263b");
    byte[][] out = kbkdf.derive(ikm, zssp, ck, 2);
    assertEquals(
        "09ca5ac94794572e41bc28aeaa1a616774efa3f330455f9dc2a8e9a40eb13408ca4a03b2d2"
            + "5bb38820c7427f3d3e7b397bee8850c4f38afd7619be3e6f219e5d",
        Hex.encode(out[0]));
    byte[] splitCk =
        Hex.decode(
            "792557fa4b05751b0dc77a6f7b59605e1d9e5d8b6f637661da0ce4491a626653"
                + "56f3a13ecd08c8ee41638a87e38579e2405aebd5aec79fe2deec58bb2141f349");
    byte[][] empty = kbkdf.derive(new byte[0], zssp, splitCk, 2);
    assertEquals(
        "139e47485f372a2e790a650644ae439e3bd1c8f43555c3341cd87badba3cd547",
        Hex.encode(empty[0], 0, 32));
    assertEquals(
        "96a10790a092e4966cb05898273d57a5b54ceb1a4468eb5edbc0fd979791c375",
        Hex.encode(empty[1], 0, 32));
    assertArrayEquals(empty[0], kbkdf.derive(new byte[1], zssp, splitCk, 2)[0]);
  }

  /** The native provider's Kyber, its randombytes calls served by {@code draws} in order. */
  private static Kem kem(byte[]... draws) {
    Deque<byte[]> queue = new ArrayDeque<>(Arrays.asList(draws));
    RandomSource scripted =
        (out, off, len) -> {
          byte[] next = queue.removeFirst();
          assertEquals(next.length, len, "scripted randombytes length");
          System.arraycopy(next, 0, out, off, len);
        };
    return NativeCryptoProvider.withRandom(scripted).kyber1024();
  }
}
