package io.zssp.crypto.accp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.crypto.Aes256Block;
import io.zssp.crypto.Aes256Gcm;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.HmacSha512;
import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import io.zssp.crypto.Sha512;
import io.zssp.crypto.testing.P384DecodeContract;
import io.zssp.testkit.Hex;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The native provider against the default provider on thousands of random inputs: ECDH in both
 * directions across providers (each side's keys decoded and imported by the other), AES-256-GCM
 * outputs and tags and cross-opening, the AES block, SHA-512 and HMAC-SHA-512 on random lengths and
 * splits, and every invalid public key and scalar rejected with the same exception type and the
 * same message. Inputs come from a fixed seed, printed on failure.
 */
class ProviderDifferentialTest {
  private static final long SEED = 0x5a5350_11L;
  private static final BigInteger P =
      new BigInteger(
          "ffffffffffffffffffffffffffffffff"
              + "fffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
          16);
  private static final BigInteger N =
      new BigInteger(
          "ffffffffffffffffffffffffffffffffffffffffffffffff"
              + "c7634d81f4372ddf581a0db248b0a77aecec196accc52973",
          16);

  private CryptoProvider nativeCrypto;
  private CryptoProvider defaultCrypto;
  private final Random rnd = new Random(SEED);
  private final List<String> failures = new ArrayList<>();

  @BeforeEach
  void setUp() {
    nativeCrypto = NativeTesting.provider();
    defaultCrypto = DefaultCryptoProvider.create();
  }

  /** 1,000 pairs: 4,000 ECDH results compared, and every public key crossed both ways. */
  @Test
  void ecdh_acrossProviders_sameSharedSecretsAndPublicKeys() throws Exception {
    P384 nat = nativeCrypto.p384();
    P384 def = defaultCrypto.p384();
    for (int i = 0; i < 1_000; i++) {
      P384KeyPair a = nat.generateKeyPair();
      P384KeyPair b = def.generateKeyPair();
      byte[] ab = nat.agree(a, nat.decodePublicKey(b.publicKey().encoded()));
      byte[] ba = def.agree(b, def.decodePublicKey(a.publicKey().encoded()));
      check(i, "ECDH native(a)·B != default(b)·A", Arrays.equals(ab, ba));
      check(
          i,
          "native agree with a foreign public key",
          Arrays.equals(ab, nat.agree(a, b.publicKey())));
      if (i % 10 == 0) {
        // Scalars cross providers too: each imports the other's and derives the same public key.
        P384KeyPair aInDefault = def.importPrivateKey(a.exportPrivateScalar());
        P384KeyPair bInNative = nat.importPrivateKey(b.exportPrivateScalar());
        check(
            i,
            "default derives a's public key",
            Arrays.equals(aInDefault.publicKey().encoded(), a.publicKey().encoded()));
        check(
            i,
            "native derives b's public key",
            Arrays.equals(bInNative.publicKey().encoded(), b.publicKey().encoded()));
        byte[] viaImport = nat.agree(bInNative, nat.decodePublicKey(a.publicKey().encoded()));
        check(i, "ECDH with b imported into native", Arrays.equals(viaImport, ab));
      }
    }
    assertNoFailures();
  }

  /**
   * 10,000 random 49-byte inputs around the interesting boundaries (each prefix byte 0..7 and 0xff,
   * x near 0, near p and above it, random x) plus random lengths: each is accepted by both
   * providers with the same encoding or rejected by both with an InvalidKeyException and the same
   * message.
   */
  @Test
  void decodePublicKey_randomAndBoundaryInputs_sameVerdictTypeAndMessage() {
    P384 nat = nativeCrypto.p384();
    P384 def = defaultCrypto.p384();
    int accepted = 0;
    for (int i = 0; i < 10_000; i++) {
      byte[] in = randomPublicKeyInput(i);
      String d = decodeOutcome(def, in);
      String n = decodeOutcome(nat, in);
      check(
          i,
          "input " + (in == null ? "null" : Hex.encode(in)) + ": default " + d + " / native " + n,
          d.equals(n));
      accepted += d.startsWith("accepted") ? 1 : 0;
    }
    assertNoFailures();
    assertTrue(accepted > 2_000, "too few valid points among the inputs: " + accepted);
  }

  /**
   * The 20,000 random compressed inputs of the decode contract: each accepted by both providers
   * with the same encoding or rejected by both with an InvalidKeyException and the same message.
   */
  @Test
  void decodePublicKey_decodeContractInputs_sameVerdictTypeAndMessage() {
    P384 nat = nativeCrypto.p384();
    P384 def = defaultCrypto.p384();
    List<byte[]> inputs = P384DecodeContract.randomCompressedInputs();
    for (int i = 0; i < inputs.size(); i++) {
      byte[] in = inputs.get(i);
      String d = decodeOutcome(def, in);
      String n = decodeOutcome(nat, in);
      check(i, "input " + Hex.encode(in) + ": default " + d + " / native " + n, d.equals(n));
    }
    assertNoFailures();
  }

  /** Scalars: zero, n, n+1, all ff, random values above and below n, wrong lengths. */
  @Test
  void importPrivateKey_randomAndBoundaryScalars_sameVerdictTypeAndMessage() throws Exception {
    P384 nat = nativeCrypto.p384();
    P384 def = defaultCrypto.p384();
    List<byte[]> inputs = new ArrayList<>();
    inputs.add(null);
    inputs.add(new byte[48]);
    inputs.add(bytes48(N));
    inputs.add(bytes48(N.add(BigInteger.ONE)));
    inputs.add(bytes48(N.subtract(BigInteger.ONE)));
    inputs.add(bytes48(BigInteger.ONE));
    inputs.add(Hex.decode("ff".repeat(48)));
    for (int len : new int[] {0, 1, 47, 49, 97}) {
      inputs.add(new byte[len]);
    }
    for (int i = 0; i < 500; i++) {
      byte[] s = new byte[48];
      rnd.nextBytes(s);
      if (i % 2 == 0) {
        Arrays.fill(s, 0, 24, (byte) 0xff); // mostly ≥ n
      }
      inputs.add(s);
    }
    for (int i = 0; i < inputs.size(); i++) {
      byte[] s = inputs.get(i);
      String d = importOutcome(def, s);
      String n = importOutcome(nat, s);
      check(
          i,
          "scalar " + (s == null ? "null" : Hex.encode(s)) + ": default " + d + " / native " + n,
          d.equals(n));
    }
    assertNoFailures();
  }

  /**
   * 5,000 packets of random length (0 to 3,000 bytes), key, nonce and AAD (null, empty or random):
   * identical ciphertext and tag from both providers, each opens the other's, and a flipped bit
   * fails both.
   */
  @Test
  void gcm_randomPackets_identicalOutputs_crossOpen_tamperRejectedByBoth() {
    for (int i = 0; i < 5_000; i++) {
      byte[] key = bytes(32);
      byte[] nonce = bytes(12);
      byte[] aad = i % 3 == 0 ? null : bytes(i % 3 == 1 ? 0 : rnd.nextInt(100));
      byte[] pt = bytes(i % 50 == 0 ? rnd.nextInt(3_000) : rnd.nextInt(1_500));
      Aes256Gcm n = nativeCrypto.aes256().newGcm(key);
      Aes256Gcm d = defaultCrypto.aes256().newGcm(key);
      byte[] sn = new byte[pt.length + 16];
      byte[] sd = new byte[pt.length + 16];
      byte[] sa = new byte[pt.length + 16];
      n.seal(nonce, aad, pt, 0, pt.length, sn, 0);
      d.seal(nonce, aad, pt, 0, pt.length, sd, 0);
      // ACCP alone, at every length (the provider hands packets under 128 bytes to the JDK).
      new AccpAes256(AccpStatus.get().provider(), null)
          .newGcm(key)
          .seal(nonce, aad, pt, 0, pt.length, sa, 0);
      check(
          i,
          "GCM outputs differ at length " + pt.length,
          Arrays.equals(sn, sd) && Arrays.equals(sa, sd));
      byte[] back = new byte[pt.length];
      check(
          i,
          "default opens native's",
          d.open(nonce, aad, sn, 0, sn.length, back, 0) == pt.length && Arrays.equals(back, pt));
      Arrays.fill(back, (byte) 0);
      check(
          i,
          "native opens default's",
          n.open(nonce, aad, sd, 0, sd.length, back, 0) == pt.length && Arrays.equals(back, pt));
      sn[rnd.nextInt(sn.length)] ^= (byte) (1 << rnd.nextInt(8));
      check(
          i,
          "tampered: native",
          n.open(nonce, aad, sn, 0, sn.length, new byte[pt.length], 0) == -1);
      check(
          i,
          "tampered: default",
          d.open(nonce, aad, sn, 0, sn.length, new byte[pt.length], 0) == -1);
    }
    assertNoFailures();
  }

  /** 5,000 random blocks: the provider's block and ACCP's CBC-based one equal the default's. */
  @Test
  void block_randomKeysAndBlocks_identical() {
    AccpAes256 accpAlone = new AccpAes256(AccpStatus.get().provider(), null);
    for (int i = 0; i < 5_000; i++) {
      byte[] key = bytes(32);
      byte[] in = bytes(16);
      boolean encrypt = (i & 1) == 0;
      Aes256Block def =
          encrypt
              ? defaultCrypto.aes256().newBlockEncryptor(key)
              : defaultCrypto.aes256().newBlockDecryptor(key);
      Aes256Block nat =
          encrypt
              ? nativeCrypto.aes256().newBlockEncryptor(key)
              : nativeCrypto.aes256().newBlockDecryptor(key);
      Aes256Block cbc =
          encrypt ? accpAlone.newBlockEncryptor(key) : accpAlone.newBlockDecryptor(key);
      byte[] a = new byte[16];
      byte[] b = new byte[16];
      byte[] c = new byte[16];
      def.processBlock(in, 0, a, 0);
      nat.processBlock(in, 0, b, 0);
      cbc.processBlock(in, 0, c, 0);
      check(i, "block differs", Arrays.equals(a, b) && Arrays.equals(a, c));
    }
    assertNoFailures();
  }

  /** 5,000 messages of random length (0 to 1,000), each hashed in two random pieces. */
  @Test
  void sha512_randomMessagesAndSplits_identical() {
    Sha512.Digest n = nativeCrypto.sha512().newDigest();
    Sha512.Digest d = defaultCrypto.sha512().newDigest();
    for (int i = 0; i < 5_000; i++) {
      byte[] m = bytes(rnd.nextInt(1_000));
      int split = m.length == 0 ? 0 : rnd.nextInt(m.length);
      byte[] a = new byte[64];
      byte[] b = new byte[64];
      n.update(m, 0, split);
      n.update(m, split, m.length - split);
      n.doFinal(a, 0);
      d.update(m, 0, m.length);
      d.doFinal(b, 0);
      check(i, "SHA-512 differs at length " + m.length, Arrays.equals(a, b));
    }
    assertNoFailures();
  }

  /** 5,000 random keys (0 to 200 bytes: empty, shorter and longer than the block) and messages. */
  @Test
  void hmac_randomKeysAndMessages_identical() {
    HmacSha512 n = nativeCrypto.hmacSha512();
    HmacSha512 d = defaultCrypto.hmacSha512();
    for (int i = 0; i < 5_000; i++) {
      byte[] key = bytes(i % 7 == 0 ? 0 : rnd.nextInt(200));
      byte[] m1 = bytes(rnd.nextInt(300));
      byte[] m2 = bytes(rnd.nextInt(100));
      check(
          i,
          "HMAC differs, key length " + key.length,
          Arrays.equals(n.mac(key, m1, m2), d.mac(key, m1, m2)));
    }
    assertNoFailures();
  }

  private byte[] randomPublicKeyInput(int i) {
    int kind = i % 10;
    if (kind == 9) {
      return i % 20 == 9 ? null : bytes(rnd.nextInt(100));
    }
    byte[] in = bytes(49);
    in[0] = (byte) (kind < 6 ? 2 + (i & 1) : new int[] {0, 1, 4, 5, 6, 7, 0xff}[rnd.nextInt(7)]);
    if (kind == 4) { // x within 2^16 of p, below or above it
      BigInteger x = P.add(BigInteger.valueOf(rnd.nextInt(1 << 17) - (1 << 16)));
      System.arraycopy(bytes48(x.max(BigInteger.ZERO)), 0, in, 1, 48);
    } else if (kind == 5) { // small x
      Arrays.fill(in, 1, 48, (byte) 0);
      in[48] = (byte) rnd.nextInt(256);
    }
    return in;
  }

  private static String decodeOutcome(P384 p384, byte[] in) {
    try {
      P384PublicKey k = p384.decodePublicKey(in);
      return "accepted " + Hex.encode(k.encoded());
    } catch (InvalidKeyException e) {
      return "InvalidKeyException: " + e.getMessage();
    } catch (RuntimeException e) {
      return "unexpected " + e;
    }
  }

  private static String importOutcome(P384 p384, byte[] scalar) {
    try {
      return "accepted " + Hex.encode(p384.importPrivateKey(scalar).publicKey().encoded());
    } catch (InvalidKeyException e) {
      return "InvalidKeyException: " + e.getMessage();
    } catch (RuntimeException e) {
      return "unexpected " + e;
    }
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  private void check(int i, String what, boolean ok) {
    if (!ok && failures.size() < 20) {
      failures.add("FAIL case " + i + " (seed " + Long.toHexString(SEED) + "): " + what);
    }
  }

  private void assertNoFailures() {
    assertEquals(List.of(), failures);
  }

  /** v (below 2^384) as exactly 48 big-endian bytes. */
  private static byte[] bytes48(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[48];
    int n = Math.min(raw.length, 48);
    System.arraycopy(raw, raw.length - n, out, 48 - n, n);
    return out;
  }
}
