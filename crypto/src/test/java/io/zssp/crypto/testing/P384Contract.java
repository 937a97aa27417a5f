package io.zssp.crypto.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zssp.crypto.DefaultCryptoProvider;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.KeyAgreement;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A provider's {@link P384}: p384.json in both directions and its invalid scalars (with the default
 * provider's messages), key generation from the provider's own source and from a given one, ECDH
 * against SunEC, foreign key objects, and the key life cycle. Decoding is {@link
 * P384DecodeContract}'s; the transcripts' keys are {@link TranscriptKeyMaterialContract}'s.
 */
public abstract class P384Contract implements ProviderUnderTest {
  private static final JsonNode VECTORS = VectorFiles.json("p384.json");
  private static final BigInteger N = new BigInteger(VECTORS.get("curve_order_n").asText(), 16);

  private P384 p384;

  @BeforeEach
  void setUpP384() {
    p384 = provider().p384();
  }

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
      // The derived public key works for ECDH as well as the decoded one.
      String viaDerived = Hex.encode(p384.agree(b, a.publicKey()));
      if (!viaDerived.equals(shared)) {
        failures.add("FAIL " + id + ": agree(peer_private, derived public) = " + viaDerived);
      }
      if (!p384.decodePublicKey(Hex.decode(aPub)).equals(a.publicKey())) {
        failures.add("FAIL " + id + ": decoded public key != derived public key");
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  /** Every provider words its rejections as the default provider does. */
  @Test
  void vectors_invalidPrivateScalars_rejectedWithTheDefaultProvidersMessages() {
    P384 reference = DefaultCryptoProvider.create().p384();
    JsonNode invalid = VECTORS.get("invalid_private_scalars");
    assertEquals(3, invalid.size());
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < invalid.size(); i++) {
      JsonNode c = invalid.get(i);
      byte[] scalar = VectorFiles.hex(c, "private");
      String id = "case " + i + " (" + c.get("description").asText() + ")";
      try {
        p384.importPrivateKey(scalar);
        failures.add("FAIL " + id + ": accepted");
      } catch (InvalidKeyException e) {
        InvalidKeyException expected =
            assertThrows(InvalidKeyException.class, () -> reference.importPrivateKey(scalar));
        if (!expected.getMessage().equals(e.getMessage())) {
          failures.add("FAIL " + id + ": message '" + e.getMessage() + "'");
        }
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
    assertEquals(
        "P-384 private scalar is not less than the group order n",
        assertThrows(
                InvalidKeyException.class,
                () -> p384.importPrivateKey(BigIntegers.asUnsignedByteArray(48, N)))
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

  /**
   * With a given source, d is drawn by rejection sampling (0, n and 2^384 - 1 are redrawn, never
   * reduced), so every provider makes the default provider's key pair from the same draws.
   */
  @Test
  void generateKeyPair_scriptedOutOfRangeDraws_areRejectedNotReduced() throws Exception {
    JsonNode case0 = VECTORS.get("cases").get(0);
    byte[] valid = VectorFiles.hex(case0, "private");
    InsecureScriptedRandom random =
        new InsecureScriptedRandom(
            new byte[48],
            BigIntegers.asUnsignedByteArray(48, N),
            Hex.decode("ff".repeat(48)),
            valid);
    P384KeyPair kp = provider(random).p384().generateKeyPair();
    assertEquals(case0.get("public_compressed").asText(), Hex.encode(kp.publicKey().encoded()));
    assertTrue(random.isEmpty(), "exactly four draws expected");

    RandomSource allZero = (out, off, len) -> Arrays.fill(out, off, off + len, (byte) 0);
    P384 broken = provider(allZero).p384();
    assertThrows(IllegalStateException.class, broken::generateKeyPair);
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
        assertArrayEquals(enc, p384.decodePublicKey(enc).encoded());
        return;
      }
    }
    throw new AssertionError("no public key with a leading zero byte in 20000 tries");
  }

  @Test
  void agree_againstJdkSunEc_matches() throws Exception {
    KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", "SunEC");
    kpg.initialize(new ECGenParameterSpec("secp384r1"));
    AlgorithmParameters params = AlgorithmParameters.getInstance("EC", "SunEC");
    params.init(new ECGenParameterSpec("secp384r1"));
    ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
    KeyFactory kf = KeyFactory.getInstance("EC", "SunEC");
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      KeyPair jdk = kpg.generateKeyPair();
      ECPublicKey jdkPub = (ECPublicKey) jdk.getPublic();
      byte[] compressed = new byte[49];
      compressed[0] = (byte) (jdkPub.getW().getAffineY().testBit(0) ? 3 : 2);
      BigIntegers.asUnsignedByteArray(jdkPub.getW().getAffineX(), compressed, 1, 48);
      P384KeyPair ours = p384.generateKeyPair();

      byte[] oursShared = p384.agree(ours, p384.decodePublicKey(compressed));
      KeyAgreement ka = KeyAgreement.getInstance("ECDH", "SunEC");
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

  /**
   * A public key of another implementation is decoded from its encoding (an invalid one is an
   * {@link IllegalArgumentException}); a key pair of another implementation is refused the same
   * way.
   */
  @Test
  void agree_foreignKeyObjects_publicKeyDecodedFromItsEncoding_keyPairRefused() throws Exception {
    JsonNode c = VECTORS.get("cases").get(0);
    P384KeyPair a = p384.importPrivateKey(VectorFiles.hex(c, "private"));
    byte[] peer = VectorFiles.hex(c, "peer_public_compressed");
    assertEquals(c.get("shared_x").asText(), Hex.encode(p384.agree(a, new ForeignPublicKey(peer))));
    byte[] broken = peer.clone();
    broken[0] = 0x04;
    assertThrows(IllegalArgumentException.class, () -> p384.agree(a, new ForeignPublicKey(broken)));
    P384KeyPair foreignPair = new ForeignKeyPair(a.publicKey());
    assertThrows(
        IllegalArgumentException.class, () -> p384.agree(foreignPair, p384.decodePublicKey(peer)));
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
    kp.destroy();
    assertTrue(kp.isDestroyed());
    assertThrows(IllegalStateException.class, kp::exportPrivateScalar);
    assertThrows(IllegalStateException.class, () -> p384.agree(kp, peer));
    assertEquals(c.get("public_compressed").asText(), Hex.encode(kp.publicKey().encoded()));
    assertTrue(kp.toString().contains("destroyed"));
    P384KeyPair generated = p384.generateKeyPair();
    generated.destroy();
    assertThrows(IllegalStateException.class, () -> p384.agree(generated, peer));
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

  /** A key pair no provider created: only its public half is real. */
  private static final class ForeignKeyPair implements P384KeyPair {
    private final P384PublicKey publicKey;

    ForeignKeyPair(P384PublicKey publicKey) {
      this.publicKey = publicKey;
    }

    @Override
    public P384PublicKey publicKey() {
      return publicKey;
    }

    @Override
    public byte[] exportPrivateScalar() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void destroy() {}

    @Override
    public boolean isDestroyed() {
      return false;
    }
  }
}
