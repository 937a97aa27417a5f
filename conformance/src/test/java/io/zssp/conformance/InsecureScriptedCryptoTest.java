package io.zssp.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zssp.crypto.KemEncapsulation;
import io.zssp.crypto.KemKeyPair;
import io.zssp.crypto.P384KeyPair;
import io.zssp.testkit.Hex;
import io.zssp.testkit.VectorFiles;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Self-test of {@link InsecureScriptedCrypto}: no implementation needed. */
class InsecureScriptedCryptoTest {
  private static final Transcript BASIC = Transcript.load("basic");

  private static JsonNode value(String side, int seq) {
    JsonNode v = BASIC.side(side).get("injected_values").get(seq);
    assertEquals(seq, v.get("seq").asInt());
    return v;
  }

  private static byte[] random(InsecureScriptedCrypto c, int len) {
    byte[] out = new byte[len + 2];
    c.random().nextBytes(out, 1, len); // an offset, to catch off/len mistakes
    assertEquals(0, out[0]);
    assertEquals(0, out[len + 1]);
    return java.util.Arrays.copyOfRange(out, 1, len + 1);
  }

  @Test
  void aliceBasic_servesEveryValueInOrder_andReproducesKyber() {
    InsecureScriptedCrypto c = InsecureScriptedCrypto.forSide(BASIC, "alice");
    c.beginStep(-1);
    assertArrayEquals(VectorFiles.hex(value("alice", 0), "bytes"), random(c, 32));
    c.beginStep(0);
    assertArrayEquals(VectorFiles.hex(value("alice", 1), "wire"), random(c, 4));
    P384KeyPair e = c.p384().generateKeyPair();
    assertArrayEquals(VectorFiles.hex(value("alice", 2), "public"), e.publicKey().encoded());
    KemKeyPair e1 = c.kyber1024().generateKeyPair();
    assertArrayEquals(VectorFiles.hex(value("alice", 3), "public"), e1.publicKey());
    assertArrayEquals(VectorFiles.hex(value("alice", 3), "secret"), e1.secretKeyCopy());
    assertArrayEquals(VectorFiles.hex(value("alice", 4), "wire_bytes"), random(c, 8));
    c.beginStep(6);
    long jitter = c.random().nextLong();
    assertEquals(Long.parseUnsignedLong(value("alice", 5).get("u64").asText()), jitter);
    assertEquals(
        value("alice", 5).get("jitter_ms").asLong(), Long.remainderUnsigned(jitter, 600_000));
    c.assertAllConsumed();
    assertEquals(List.of(), c.failures());
    assertEquals(List.of(), c.notes());
  }

  @Test
  void bobBasic_encapsulationToAlicesKey_reproducesCiphertext() throws Exception {
    InsecureScriptedCrypto c = InsecureScriptedCrypto.forSide(BASIC, "bob");
    byte[] alicePublic = VectorFiles.hex(value("alice", 3), "public");
    random(c, 32);
    c.p384().generateKeyPair();
    KemEncapsulation enc = c.kyber1024().encapsulate(alicePublic);
    assertArrayEquals(VectorFiles.hex(value("bob", 2), "ciphertext"), enc.ciphertext());
    assertArrayEquals(VectorFiles.hex(value("bob", 2), "shared_secret"), enc.sharedSecret());
    assertArrayEquals(VectorFiles.hex(value("bob", 3), "wire"), random(c, 4));
    assertEquals(List.of(), c.failures());
  }

  @Test
  void unexpectedLength_failsLoudly_andIsRecorded() {
    InsecureScriptedCrypto c = InsecureScriptedCrypto.forSide(BASIC, "alice");
    c.beginStep(3);
    AssertionError e = assertThrows(AssertionError.class, () -> random(c, 16));
    assertTrue(
        e.getMessage().contains("basic/alice")
            && e.getMessage().contains("16 bytes")
            && e.getMessage().contains("step 3"),
        e.getMessage());
    assertEquals(List.of(e.getMessage()), c.drainNewFailures());
    assertEquals(List.of(), c.drainNewFailures());
    assertEquals(1, c.failures().size());
  }

  @Test
  void exhaustedQueue_failsNamingKindAndCount() {
    InsecureScriptedCrypto c = InsecureScriptedCrypto.forSide(BASIC, "alice");
    random(c, 4);
    AssertionError e = assertThrows(AssertionError.class, () -> random(c, 4));
    assertTrue(
        e.getMessage().contains("key_id") && e.getMessage().contains("only 1"), e.getMessage());
    random(c, 32);
    assertThrows(AssertionError.class, () -> random(c, 32));
  }

  @Test
  void kyberSeedsServedToEncapsulation_fail() {
    InsecureScriptedCrypto c = InsecureScriptedCrypto.forSide(BASIC, "alice");
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> c.kyber1024().encapsulate(VectorFiles.hex(value("alice", 3), "public")));
    assertTrue(e.getMessage().contains("instead of a kyber1024_encapsulation"), e.getMessage());
  }

  @Test
  void leftovers_arereportedByPurpose() {
    InsecureScriptedCrypto c = InsecureScriptedCrypto.forSide(BASIC, "bob");
    random(c, 32);
    List<String> rest = c.leftovers();
    assertEquals(4, rest.size(), rest.toString());
    String all = String.join("\n", rest);
    assertTrue(
        all.contains("xk-responder-local-key-id")
            && all.contains("rekey-jitter")
            && all.contains("xk-e")
            && all.contains("xk-ekem1, coins"),
        all);
    AssertionError e = assertThrows(AssertionError.class, c::assertAllConsumed);
    assertEquals(all, e.getMessage());
  }

  @Test
  void valueConsumedInAnotherStep_isOnlyANote() {
    InsecureScriptedCrypto c = InsecureScriptedCrypto.forSide(BASIC, "alice");
    c.beginStep(5);
    byte[] salt = random(c, 32);
    assertEquals(Hex.encode(VectorFiles.hex(value("alice", 0), "bytes")), Hex.encode(salt));
    assertEquals(1, c.notes().size());
    assertTrue(
        c.notes().get(0).contains("during step 5")
            && c.notes().get(0).contains("during context creation"),
        c.notes().get(0));
    assertEquals(List.of(), c.failures());
  }

  @Test
  void everySideOfEveryTranscript_kyberReplayReproducesAllValues() throws Exception {
    for (String name : Transcript.NAMES) {
      Transcript t = Transcript.load(name);
      for (String side : Transcript.SIDES) {
        InsecureScriptedCrypto c = InsecureScriptedCrypto.forSide(t, side);
        String other = Transcript.other(side);
        for (JsonNode v : t.side(side).get("injected_values")) {
          switch (v.get("kind").asText()) {
            case "kyber1024_keypair":
              assertArrayEquals(
                  VectorFiles.hex(v, "public"),
                  c.kyber1024().generateKeyPair().publicKey(),
                  name + "/" + side);
              break;
            case "kyber1024_encapsulation":
              c.kyber1024()
                  .encapsulate(
                      t.kyberPublicKey(other, v.get("public_key_sha512_first16").asText()));
              break;
            case "p384_ephemeral_keypair":
              c.p384().generateKeyPair();
              break;
            default:
              random(
                  c,
                  VectorFiles.hex(
                          v,
                          v.has("wire_bytes")
                              ? "wire_bytes"
                              : v.has("be_bytes") ? "be_bytes" : v.has("wire") ? "wire" : "bytes")
                      .length);
          }
        }
        c.assertAllConsumed();
        assertEquals(List.of(), c.failures(), name + "/" + side);
      }
    }
  }
}
