package io.zssp.crypto.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import io.zssp.crypto.RandomSource;
import io.zssp.testkit.Hex;
import io.zssp.testkit.VectorFiles;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import javax.crypto.KeyAgreement;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

/**
 * {@link BcP384}: the vector file in both directions, key generation, ECDH against SunEC, and key
 * life cycle. Public-key parsing is covered by {@link P384DecodeTest}.
 */
class P384Test {
  private static final JsonNode VECTORS = VectorFiles.json("p384.json");
  private static final BigInteger N = new BigInteger(VECTORS.get("curve_order_n").asText(), 16);

  private final P384 p384 = new BcP384(new SecureRandomSource());

  @Test
  void vectors_keyPairsAndEcdh_matchInBothDirections() throws Exception {
    JsonNode cases = VECTORS.get("cases");
    assertEquals(9, cases.size(), "p384.json case count");
    List<String> failures = new ArrayList<>();
    for (JsonNode c : cases) {
      String id = "case " + c.get("case").asInt() + " (" + c.get("description").asText() + ")";
      P384KeyPair a = p384.importPrivateKey(VectorFiles.hex(c, "private"));
      P384KeyPair b = p384.importPrivateKey(VectorFiles.hex(c, "peer_private"));
      String aPub = c.get("public_compressed").asText();
      String bPub = c.get("peer_public_compressed").asText();
      String shared = c.get("shared_x").asText();
      if (!Hex.encode(a.publicKey().encoded()).equals(aPub)) {
        failures.add("FAIL " + id + ": public " + Hex.encode(a.publicKey().encoded()));
      }
      if (!Hex.encode(b.publicKey().encoded()).equals(bPub)) {
        failures.add("FAIL " + id + ": peer public " + Hex.encode(b.publicKey().encoded()));
      }
      if (!Hex.encode(a.exportPrivateScalar()).equals(c.get("private").asText())) {
        failures.add("FAIL " + id + ": exported scalar differs");
      }
      String ab = Hex.encode(p384.agree(a, p384.decodePublicKey(Hex.decode(bPub))));
      String ba = Hex.encode(p384.agree(b, p384.decodePublicKey(Hex.decode(aPub))));
      if (!ab.equals(shared)) {
        failures.add("FAIL " + id + ": agree(private, peer_public) = " + ab);
      }
      if (!ba.equals(shared)) {
        failures.add("FAIL " + id + ": agree(peer_private, public) = " + ba);
      }
      if (!p384.decodePublicKey(Hex.decode(aPub)).equals(a.publicKey())) {
        failures.add("FAIL " + id + ": decoded public key != derived public key");
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void vectors_invalidPrivateScalars_rejectedWithInvalidKeyException() {
    JsonNode invalid = VECTORS.get("invalid_private_scalars");
    assertEquals(3, invalid.size());
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < invalid.size(); i++) {
      JsonNode c = invalid.get(i);
      try {
        p384.importPrivateKey(VectorFiles.hex(c, "private"));
        failures.add("FAIL case " + i + " (" + c.get("description").asText() + "): accepted");
      } catch (InvalidKeyException expected) {
        // rejected as required
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void importPrivateKey_wrongLengthOrNull_rejectedWithClearMessage() {
    for (int len : new int[] {0, 1, 47, 49, 64}) {
      InvalidKeyException e =
          assertThrows(InvalidKeyException.class, () -> p384.importPrivateKey(new byte[len]));
      assertEquals("expected 48-byte P-384 private scalar, got " + len + " bytes", e.getMessage());
    }
    assertThrows(InvalidKeyException.class, () -> p384.importPrivateKey(null));
    assertEquals(
        "P-384 private scalar is zero",
        assertThrows(InvalidKeyException.class, () -> p384.importPrivateKey(new byte[48]))
            .getMessage());
  }

  @Test
  void generateKeyPair_roundTrips_andEcdhIsSymmetric() throws Exception {
    P384KeyPair a = p384.generateKeyPair();
    P384KeyPair b = p384.generateKeyPair();
    assertNotEquals(a.publicKey(), b.publicKey());
    P384PublicKey aPub = p384.decodePublicKey(a.publicKey().encoded());
    assertEquals(a.publicKey(), aPub);
    assertEquals(a.publicKey().hashCode(), aPub.hashCode());
    byte[] ab = p384.agree(a, p384.decodePublicKey(b.publicKey().encoded()));
    byte[] ba = new byte[50];
    p384.agree(b, aPub, ba, 2);
    assertArrayEquals(ab, Arrays.copyOfRange(ba, 2, 50));
    P384KeyPair reimported = p384.importPrivateKey(a.exportPrivateScalar());
    assertEquals(a.publicKey(), reimported.publicKey());
    byte[] written = new byte[49];
    a.publicKey().writeEncoded(written, 0);
    assertArrayEquals(a.publicKey().encoded(), written);
  }

  @Test
  void generateKeyPair_scriptedOutOfRangeDraws_areRejectedNotReduced() throws Exception {
    JsonNode case0 = VECTORS.get("cases").get(0);
    byte[] valid = VectorFiles.hex(case0, "private");
    ScriptedRandom random =
        new ScriptedRandom(
            new byte[48],
            BigIntegers.asUnsignedByteArray(48, N),
            Hex.decode("ff".repeat(48)),
            valid);
    P384KeyPair kp = new BcP384(random).generateKeyPair();
    assertEquals(case0.get("public_compressed").asText(), Hex.encode(kp.publicKey().encoded()));
    assertTrue(random.isEmpty(), "exactly four draws expected");

    RandomSource allZero = (out, off, len) -> Arrays.fill(out, off, off + len, (byte) 0);
    assertThrows(IllegalStateException.class, () -> new BcP384(allZero).generateKeyPair());
  }

  @Test
  void agree_xWithLeadingZeroByte_isLeftPaddedTo48Bytes() throws Exception {
    P384KeyPair one = p384.importPrivateKey(BigIntegers.asUnsignedByteArray(48, BigInteger.ONE));
    for (int attempt = 0; attempt < 20_000; attempt++) {
      P384KeyPair kp = p384.generateKeyPair();
      byte[] enc = kp.publicKey().encoded();
      if (enc[1] == 0) {
        // 1 · Q = Q, so the shared secret is Q's x, which starts with a zero byte.
        byte[] shared = p384.agree(one, kp.publicKey());
        assertEquals(48, shared.length);
        assertArrayEquals(Arrays.copyOfRange(enc, 1, 49), shared);
        assertArrayEquals(shared, p384.agree(kp, one.publicKey()));
        return;
      }
    }
    throw new AssertionError("no public key with a leading zero byte in 20000 tries");
  }

  @Test
  void agree_againstJdkSunEc_matches() throws Exception {
    KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
    kpg.initialize(new ECGenParameterSpec("secp384r1"));
    AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
    params.init(new ECGenParameterSpec("secp384r1"));
    ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
    KeyFactory kf = KeyFactory.getInstance("EC");
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      KeyPair jdk = kpg.generateKeyPair();
      ECPublicKey jdkPub = (ECPublicKey) jdk.getPublic();
      byte[] compressed = new byte[49];
      compressed[0] = (byte) (jdkPub.getW().getAffineY().testBit(0) ? 3 : 2);
      BigIntegers.asUnsignedByteArray(jdkPub.getW().getAffineX(), compressed, 1, 48);
      P384KeyPair ours = p384.generateKeyPair();

      byte[] oursShared = p384.agree(ours, p384.decodePublicKey(compressed));
      KeyAgreement ka = KeyAgreement.getInstance("ECDH");
      ka.init(
          kf.generatePrivate(
              new ECPrivateKeySpec(new BigInteger(1, ours.exportPrivateScalar()), spec)));
      ka.doPhase(jdkPub, true);
      byte[] jdkShared = ka.generateSecret();
      if (!Arrays.equals(oursShared, jdkShared)) {
        failures.add(
            "FAIL case "
                + i
                + ": ours "
                + Hex.encode(oursShared)
                + " != SunEC "
                + Hex.encode(jdkShared));
      }
      ECPrivateKey jdkPriv = (ECPrivateKey) jdk.getPrivate();
      P384KeyPair imported =
          p384.importPrivateKey(BigIntegers.asUnsignedByteArray(48, jdkPriv.getS()));
      if (!Arrays.equals(imported.publicKey().encoded(), compressed)) {
        failures.add("FAIL case " + i + ": public key from SunEC's scalar differs");
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void agree_foreignPublicKeyType_decodedFromItsEncoding() throws Exception {
    JsonNode c = VECTORS.get("cases").get(0);
    P384KeyPair a = p384.importPrivateKey(VectorFiles.hex(c, "private"));
    byte[] peer = VectorFiles.hex(c, "peer_public_compressed");
    assertEquals(c.get("shared_x").asText(), Hex.encode(p384.agree(a, new ForeignPublicKey(peer))));
    byte[] broken = peer.clone();
    broken[0] = 0x04;
    assertThrows(IllegalArgumentException.class, () -> p384.agree(a, new ForeignPublicKey(broken)));
  }

  @Test
  void destroy_thenPrivateUse_throwsIllegalState_publicKeyStillAvailable() throws Exception {
    JsonNode c = VECTORS.get("cases").get(0);
    String scalarHex = c.get("private").asText();
    P384KeyPair kp = p384.importPrivateKey(Hex.decode(scalarHex));
    P384PublicKey peer = p384.decodePublicKey(VectorFiles.hex(c, "peer_public_compressed"));
    assertFalse(kp.toString().contains(scalarHex), kp.toString());
    assertFalse(kp.toString().contains(new BigInteger(scalarHex, 16).toString()));
    assertTrue(kp.publicKey().toString().contains(c.get("public_compressed").asText()));
    assertFalse(kp.isDestroyed());
    kp.destroy();
    assertTrue(kp.isDestroyed());
    assertThrows(IllegalStateException.class, kp::exportPrivateScalar);
    assertThrows(IllegalStateException.class, () -> p384.agree(kp, peer));
    assertEquals(c.get("public_compressed").asText(), Hex.encode(kp.publicKey().encoded()));
    assertTrue(kp.toString().contains("destroyed"));
  }

  /** Hands out the given 48-byte values, one per draw. */
  private static final class ScriptedRandom implements RandomSource {
    private final Deque<byte[]> draws = new ArrayDeque<>();

    ScriptedRandom(byte[]... values) {
      draws.addAll(Arrays.asList(values));
    }

    @Override
    public synchronized void nextBytes(byte[] out, int off, int len) {
      byte[] next = draws.removeFirst();
      assertEquals(len, next.length);
      System.arraycopy(next, 0, out, off, len);
    }

    synchronized boolean isEmpty() {
      return draws.isEmpty();
    }
  }

  private static final class ForeignPublicKey implements P384PublicKey {
    private final byte[] encoded;

    ForeignPublicKey(byte[] encoded) {
      this.encoded = encoded;
    }

    @Override
    public byte[] encoded() {
      return encoded.clone();
    }

    @Override
    public void writeEncoded(byte[] out, int off) {
      System.arraycopy(encoded, 0, out, off, encoded.length);
    }
  }
}
