package io.zssp.crypto.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zssp.crypto.Kem;
import io.zssp.crypto.KemEncapsulation;
import io.zssp.crypto.KemKeyPair;
import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.testkit.Hex;
import io.zssp.testkit.VectorFiles;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every Kyber1024 and P-384 value the canonical implementation (pqc_kyber 0.7.1, OpenSSL) consumed
 * in the wire transcripts, reproduced by a provider from the recorded seeds: key pairs from (d, z)
 * and encapsulations from the coins, through the provider's {@code kyber1024()} fed by the recorded
 * {@code randombytes} outputs, and static and ephemeral P-384 public keys from the scalars.
 */
public abstract class TranscriptKeyMaterialContract implements ProviderUnderTest {
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
  void kyberValues_inEveryTranscript_areReproduced() throws Exception {
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
          if (!Arrays.equals(kp.publicKey(), VectorFiles.hex(v, "public"))) {
            failures.add("FAIL " + where + ": Kyber public key");
          }
          if (!Arrays.equals(kp.secretKeyCopy(), VectorFiles.hex(v, "secret"))) {
            failures.add("FAIL " + where + ": Kyber secret key");
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
          if (!Arrays.equals(enc.ciphertext(), VectorFiles.hex(v, "ciphertext"))) {
            failures.add("FAIL " + where + ": Kyber ciphertext");
          }
          if (!Arrays.equals(enc.sharedSecret(), VectorFiles.hex(v, "shared_secret"))) {
            failures.add("FAIL " + where + ": Kyber shared secret");
          }
        }
      }
    }
    assertEquals(List.of(), failures);
    assertTrue(
        keyPairs >= 7 && encapsulations >= 7,
        "too few Kyber values found: " + keyPairs + " key pairs, " + encapsulations + " encaps");
  }

  @Test
  void p384Values_inEveryTranscript_areReproduced() throws Exception {
    P384 p384 = provider().p384();
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (String name : TRANSCRIPTS) {
      JsonNode t = VectorFiles.json("transcripts/" + name + ".json");
      for (String side : List.of("alice", "bob")) {
        JsonNode s = t.get("sides").get(side);
        List<byte[][]> pairs = new ArrayList<>();
        pairs.add(
            new byte[][] {
              VectorFiles.hex(s, "static_private"), VectorFiles.hex(s, "static_public")
            });
        for (JsonNode v : s.get("injected_values")) {
          if (v.get("kind").asText().equals("p384_ephemeral_keypair")) {
            pairs.add(new byte[][] {VectorFiles.hex(v, "private"), VectorFiles.hex(v, "public")});
          }
        }
        for (byte[][] pair : pairs) {
          checked++;
          P384KeyPair imported = p384.importPrivateKey(pair[0]);
          if (!Arrays.equals(imported.publicKey().encoded(), pair[1])) {
            failures.add("FAIL " + name + " " + side + ": public " + Hex.encode(pair[1]));
          }
          if (!p384.decodePublicKey(pair[1]).equals(imported.publicKey())) {
            failures.add("FAIL " + name + " " + side + ": decoded key differs");
          }
        }
      }
    }
    assertEquals(List.of(), failures);
    assertTrue(checked >= 20, "too few P-384 keys found: " + checked);
  }

  /** The provider's Kyber1024, its {@code randombytes} calls served by {@code draws} in order. */
  private Kem kem(byte[]... draws) {
    return provider(new InsecureScriptedRandom(draws)).kyber1024();
  }
}
