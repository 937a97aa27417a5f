package io.zssp.crypto.accp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.crypto.Aes256;
import io.zssp.crypto.Aes256Block;
import io.zssp.crypto.Aes256Gcm;
import io.zssp.crypto.ConstantTime;
import io.zssp.crypto.HmacSha512;
import io.zssp.crypto.Sha512;
import io.zssp.testkit.Hex;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The native AES-256-GCM (the provider's, and ACCP's alone), AES-256 block (the provider's, and
 * ACCP's CBC-based one), SHA-512 and HMAC-SHA-512 against the published vectors the default
 * provider is tested with, and their contracts: offsets, in place, tampering, sizes, destroy.
 */
class NativeSymmetricTest {
  /** McGrew and Viega, GCM spec, Appendix B, AES-256 cases with 96-bit IVs. */
  private static final String[][] GCM_SPEC_CASES = {
    {
      "test case 13 (empty)",
      "0000000000000000000000000000000000000000000000000000000000000000",
      "000000000000000000000000",
      "",
      "",
      "",
      "530f8afbc74536b9a963b4f1c4cb738b"
    },
    {
      "test case 14 (one zero block)",
      "0000000000000000000000000000000000000000000000000000000000000000",
      "000000000000000000000000",
      "",
      "00000000000000000000000000000000",
      "cea7403d4d606b6e074ec5d3baf39d18",
      "d0d1c8a799996bf0265b98b5d48ab919"
    },
    {
      "test case 15 (64 bytes, no AAD)",
      "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
      "cafebabefacedbaddecaf888",
      "",
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
          + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
      "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
          + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
      "b094dac5d93471bdec1a502270e3cc6c"
    },
    {
      "test case 16 (60 bytes, 20-byte AAD)",
      "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
      "cafebabefacedbaddecaf888",
      "feedfacedeadbeeffeedfacedeadbeefabaddad2",
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
          + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
      "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
          + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
      "76fc6ece0f4e1768cddf8853bb2d551b"
    },
  };

  private static final byte[] KEY = Hex.decode(GCM_SPEC_CASES[3][1]);
  private static final byte[] NONCE = Hex.decode(GCM_SPEC_CASES[3][2]);
  private static final byte[] AAD = Hex.decode(GCM_SPEC_CASES[3][3]);
  private static final byte[] PLAINTEXT = Hex.decode(GCM_SPEC_CASES[3][4]);
  private static final byte[] SEALED = Hex.decode(GCM_SPEC_CASES[3][5] + GCM_SPEC_CASES[3][6]);

  /** FIPS-197 Appendix C.3 (AES-256). */
  private static final byte[] FIPS_KEY =
      Hex.decode("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

  private static final byte[] FIPS_PT = Hex.decode("00112233445566778899aabbccddeeff");
  private static final byte[] FIPS_CT = Hex.decode("8ea2b7ca516745bfeafc49904b496089");

  private NativeCryptoProvider crypto;
  private Aes256 aes;

  @BeforeEach
  void setUp() {
    crypto = NativeTesting.provider();
    aes = crypto.aes256();
  }

  /**
   * The GCM tests run on the provider's factory (the JDK under 128 bytes, ACCP from there) and on
   * ACCP alone (every size, blocks through CBC), since the spec vectors are all under 128 bytes.
   */
  private Aes256 aes(String which) {
    return which.equals("provider") ? aes : new AccpAes256(AccpStatus.get().provider(), null);
  }

  /** Around the 128-byte switch from the JDK to ACCP: the same bytes as the default provider. */
  @Test
  void gcm_aroundTheSmallPacketThreshold_sameBytesAsTheDefault_nonceReuseRefusedOnEachSide() {
    Aes256 reference = io.zssp.crypto.DefaultCryptoProvider.create().aes256();
    byte[] key = KEY;
    Aes256Gcm gcm = aes.newGcm(key);
    Aes256Gcm ref = reference.newGcm(key);
    for (int len = 0; len <= 2 * AccpAes256Gcm.SMALL_PACKET_BYTES + 1; len++) {
      byte[] nonce = NONCE.clone();
      nonce[0] = (byte) len;
      nonce[1] = (byte) (len >> 8);
      byte[] pt = new byte[len];
      new java.util.Random(len).nextBytes(pt);
      byte[] a = new byte[len + 16];
      byte[] b = new byte[len + 16];
      gcm.seal(nonce, AAD, pt, 0, len, a, 0);
      ref.seal(nonce, AAD, pt, 0, len, b, 0);
      assertArrayEquals(b, a, "length " + len);
      byte[] back = new byte[len];
      assertEquals(len, gcm.open(nonce, AAD, a, 0, a.length, back, 0), "length " + len);
      assertArrayEquals(pt, back, "length " + len);
    }
    byte[] nonce = new byte[12];
    byte[] big = new byte[AccpAes256Gcm.SMALL_PACKET_BYTES + 16];
    int large = AccpAes256Gcm.SMALL_PACKET_BYTES;
    gcm.seal(nonce, null, big, 0, 10, big, 0); // the JDK's cipher
    assertThrows(IllegalStateException.class, () -> gcm.seal(nonce, null, big, 0, 10, big, 0));
    gcm.seal(nonce, null, big, 0, large, big, 0); // ACCP's
    assertThrows(IllegalStateException.class, () -> gcm.seal(nonce, null, big, 0, large, big, 0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"provider", "accp-only"})
  void gcm_specVectors_sealAndOpenInSeparateBuffersAndInPlace(String which) {
    Aes256 aes = aes(which);
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < GCM_SPEC_CASES.length; i++) {
      String[] v = GCM_SPEC_CASES[i];
      String id = "case " + i + " (" + v[0] + ")";
      byte[] key = Hex.decode(v[1]);
      byte[] nonce = Hex.decode(v[2]);
      byte[] aad = v[3].isEmpty() ? null : Hex.decode(v[3]);
      byte[] pt = Hex.decode(v[4]);
      String expected = v[5] + v[6];
      byte[] out = new byte[pt.length + 16];
      int n = aes.newGcm(key).seal(nonce, aad, pt, 0, pt.length, out, 0);
      if (n != pt.length + 16 || !Hex.encode(out).equals(expected)) {
        failures.add("FAIL " + id + ": seal returned " + n + ", " + Hex.encode(out));
      }
      byte[] buf = Arrays.copyOf(pt, pt.length + 16);
      aes.newGcm(key).seal(nonce, aad, buf, 0, pt.length, buf, 0);
      if (!Hex.encode(buf).equals(expected)) {
        failures.add("FAIL " + id + ": in-place seal gave " + Hex.encode(buf));
      }
      Aes256Gcm opener = aes.newGcm(key);
      byte[] sealed = Hex.decode(expected);
      byte[] plain = new byte[pt.length];
      n = opener.open(nonce, aad, sealed, 0, sealed.length, plain, 0);
      if (n != pt.length || !Arrays.equals(plain, pt)) {
        failures.add("FAIL " + id + ": open returned " + n + ", " + Hex.encode(plain));
      }
      n = opener.open(nonce, aad, sealed, 0, sealed.length, sealed, 0);
      if (n != pt.length || !Arrays.equals(Arrays.copyOf(sealed, pt.length), pt)) {
        failures.add("FAIL " + id + ": in-place open returned " + n);
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @ParameterizedTest
  @ValueSource(strings = {"provider", "accp-only"})
  void gcm_atOffsets_sealsAndOpensTheRangesOnly(String which) {
    Aes256 aes = aes(which);
    byte[] in = new byte[5 + PLAINTEXT.length];
    System.arraycopy(PLAINTEXT, 0, in, 5, PLAINTEXT.length);
    byte[] out = new byte[3 + SEALED.length + 4];
    Arrays.fill(out, (byte) 0xee);
    assertEquals(SEALED.length, aes.newGcm(KEY).seal(NONCE, AAD, in, 5, PLAINTEXT.length, out, 3));
    assertArrayEquals(SEALED, Arrays.copyOfRange(out, 3, 3 + SEALED.length));
    assertEquals((byte) 0xee, out[2]);
    assertEquals((byte) 0xee, out[out.length - 1]);
    byte[] back = new byte[PLAINTEXT.length + 7];
    assertEquals(
        PLAINTEXT.length, aes.newGcm(KEY).open(NONCE, AAD, out, 3, SEALED.length, back, 7));
    assertArrayEquals(PLAINTEXT, Arrays.copyOfRange(back, 7, back.length));
  }

  /**
   * Every tampered input returns -1 and never leaves plaintext behind: in place, ACCP zeroes the
   * output range (which is the input), where the JDK leaves the ciphertext untouched; into a
   * separate buffer, nothing but zeros is written. The context stays usable.
   */
  @ParameterizedTest
  @ValueSource(strings = {"provider", "accp-only"})
  void open_anyTamperedInput_returnsMinusOne_noPlaintextLeftAnywhere(String which) {
    Aes256 aes = aes(which);
    Aes256Gcm gcm = aes.newGcm(KEY);
    List<String> failures = new ArrayList<>();
    for (int pos = 0; pos < SEALED.length; pos++) {
      byte[] buf = SEALED.clone();
      buf[pos] ^= (byte) (1 << (pos % 8));
      byte[] before = buf.clone();
      int n = gcm.open(NONCE, AAD, buf, 0, buf.length, buf, 0);
      if (n != -1) {
        failures.add("FAIL flip at byte " + pos + ": open returned " + n);
      } else if (containsPlaintext(buf)) {
        failures.add("FAIL flip at byte " + pos + ": plaintext left in the buffer");
      } else if (!Arrays.equals(before, buf) && !isZero(buf, 0, PLAINTEXT.length)) {
        failures.add("FAIL flip at byte " + pos + ": buffer neither untouched nor zeroed");
      }
      byte[] out = new byte[PLAINTEXT.length];
      if (gcm.open(NONCE, AAD, before, 0, before.length, out, 0) != -1 || !isZero(out, 0, 60)) {
        failures.add("FAIL flip at byte " + pos + ": separate output not zero");
      }
    }
    byte[] badNonce = NONCE.clone();
    badNonce[11] ^= 1;
    byte[] out = new byte[PLAINTEXT.length];
    if (gcm.open(badNonce, AAD, SEALED, 0, SEALED.length, out, 0) != -1) {
      failures.add("FAIL flipped nonce accepted");
    }
    if (gcm.open(NONCE, null, SEALED, 0, SEALED.length, out, 0) != -1) {
      failures.add("FAIL missing AAD accepted");
    }
    if (gcm.open(NONCE, AAD, SEALED, 0, SEALED.length - 1, out, 0) != -1) {
      failures.add("FAIL truncated input accepted");
    }
    for (int len = 0; len < 16; len++) {
      if (gcm.open(NONCE, AAD, SEALED, 0, len, out, 0) != -1) {
        failures.add("FAIL length " + len + " not rejected");
      }
    }
    if (gcm.open(NONCE, AAD, SEALED, 0, SEALED.length, out, 0) != PLAINTEXT.length
        || !Arrays.equals(out, PLAINTEXT)) {
      failures.add("FAIL genuine packet rejected after failures");
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @ParameterizedTest
  @ValueSource(strings = {"provider", "accp-only"})
  void seal_emptyPlaintext_tagEqualsAesOfJ0_andNullAadEqualsEmpty(String which) {
    Aes256 aes = aes(which);
    byte[] key = new byte[32];
    new java.util.Random(7).nextBytes(key);
    Aes256Gcm gcm = aes.newGcm(key);
    Aes256Block block = aes.newBlockEncryptor(key);
    for (int counter = 0; counter < 20; counter++) {
      byte[] nonce = new byte[12];
      nonce[3] = 5;
      nonce[11] = (byte) counter;
      byte[] tag = new byte[16];
      assertEquals(16, gcm.seal(nonce, null, new byte[0], 0, 0, tag, 0));
      byte[] j0 = Arrays.copyOf(nonce, 16);
      j0[15] = 1;
      byte[] expected = new byte[16];
      block.processBlock(j0, 0, expected, 0);
      assertArrayEquals(expected, tag, "counter " + counter);
      assertEquals(0, gcm.open(nonce, new byte[0], tag, 0, 16, new byte[0], 0));
    }
    byte[] a = new byte[PLAINTEXT.length + 16];
    byte[] b = new byte[PLAINTEXT.length + 16];
    aes.newGcm(KEY).seal(NONCE, null, PLAINTEXT, 0, PLAINTEXT.length, a, 0);
    aes.newGcm(KEY).seal(NONCE, new byte[0], PLAINTEXT, 0, PLAINTEXT.length, b, 0);
    assertArrayEquals(a, b);
  }

  @ParameterizedTest
  @ValueSource(strings = {"provider", "accp-only"})
  void seal_sameNonceTwiceInARow_refused_likeTheJce(String which) {
    Aes256 aes = aes(which);
    Aes256Gcm gcm = aes.newGcm(KEY);
    byte[] out = new byte[PLAINTEXT.length + 16];
    gcm.seal(NONCE, AAD, PLAINTEXT, 0, PLAINTEXT.length, out, 0);
    assertThrows(
        IllegalStateException.class,
        () -> gcm.seal(NONCE, AAD, PLAINTEXT, 0, PLAINTEXT.length, out, 0));
    byte[] other = NONCE.clone();
    other[0] ^= 1;
    assertEquals(out.length, gcm.seal(other, AAD, PLAINTEXT, 0, PLAINTEXT.length, out, 0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"provider", "accp-only"})
  void gcm_badKeyOrNonceSize_destroy_keyWiped_sameErrorsAsTheDefaultProvider(String which) {
    Aes256 aes = aes(which);
    for (int len : new int[] {0, 16, 24, 31, 33}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> aes.newGcm(new byte[len]));
      assertEquals("expected 32-byte key, got " + len, e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> aes.newBlockEncryptor(new byte[len]));
      assertThrows(IllegalArgumentException.class, () -> aes.newBlockDecryptor(new byte[len]));
    }
    Aes256Gcm gcm = aes.newGcm(KEY);
    byte[] buf = new byte[64];
    for (int len : new int[] {0, 8, 11, 13, 16}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> gcm.seal(new byte[len], null, buf, 0, 16, buf, 0));
      assertEquals("expected 12-byte nonce, got " + len, e.getMessage());
      assertThrows(
          IllegalArgumentException.class, () -> gcm.open(new byte[len], null, buf, 0, 32, buf, 0));
    }
    assertThrows(NullPointerException.class, () -> aes.newGcm(null));
    assertThrows(IndexOutOfBoundsException.class, () -> gcm.seal(NONCE, null, buf, 0, 49, buf, 0));

    byte[] key = KEY.clone();
    Aes256Gcm wiped = aes.newGcm(key);
    Arrays.fill(key, (byte) 0);
    byte[] out = new byte[SEALED.length];
    wiped.seal(NONCE, AAD, PLAINTEXT, 0, PLAINTEXT.length, out, 0);
    assertArrayEquals(SEALED, out);

    assertFalse(gcm.isDestroyed());
    gcm.destroy();
    assertTrue(gcm.isDestroyed());
    assertThrows(IllegalStateException.class, () -> gcm.seal(NONCE, null, buf, 0, 16, buf, 0));
    assertThrows(IllegalStateException.class, () -> gcm.open(NONCE, null, buf, 0, 32, buf, 0));
  }

  /** The provider's block contexts and ACCP's CBC-based one (benchmarked against it). */
  @Test
  void block_fips197AppendixC3_bothImplementations_inPlaceAndAtOffsets() {
    Provider accp = AccpStatus.get().provider();
    List<Aes256Block[]> pairs =
        List.of(
            new Aes256Block[] {aes.newBlockEncryptor(FIPS_KEY), aes.newBlockDecryptor(FIPS_KEY)},
            new Aes256Block[] {
              new AccpAes256Block(accp, FIPS_KEY, Cipher.ENCRYPT_MODE),
              new AccpAes256Block(accp, FIPS_KEY, Cipher.DECRYPT_MODE)
            });
    for (Aes256Block[] pair : pairs) {
      byte[] out = new byte[16];
      pair[0].processBlock(FIPS_PT, 0, out, 0);
      assertArrayEquals(FIPS_CT, out);
      pair[1].processBlock(FIPS_CT, 0, out, 0);
      assertArrayEquals(FIPS_PT, out);
      byte[] buf = new byte[4 + 16 + 4];
      for (int round = 0; round < 3; round++) {
        System.arraycopy(FIPS_PT, 0, buf, 4, 16);
        pair[0].processBlock(buf, 4, buf, 4);
        assertArrayEquals(FIPS_CT, Arrays.copyOfRange(buf, 4, 20), "round " + round);
        pair[1].processBlock(buf, 4, buf, 4);
        assertArrayEquals(FIPS_PT, Arrays.copyOfRange(buf, 4, 20), "round " + round);
      }
      assertTrue(isZero(buf, 0, 4) && isZero(buf, 20, 4));
      assertThrows(
          IndexOutOfBoundsException.class,
          () -> pair[0].processBlock(new byte[16], 1, new byte[16], 0));
      pair[0].destroy();
      assertTrue(pair[0].isDestroyed());
      assertThrows(
          IllegalStateException.class, () -> pair[0].processBlock(FIPS_PT, 0, new byte[16], 0));
    }
  }

  @Test
  void sha512_fipsVectors_incrementalSplits_offsets() {
    Sha512 sha = crypto.sha512();
    assertEquals(
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
            + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
        Hex.encode(sha.hash(new byte[0])));
    assertEquals(
        "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
            + "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909",
        Hex.encode(
            sha.hash(
                ascii(
                    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnop"
                        + "jklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"))));
    byte[] data = new byte[300];
    new java.util.Random(1).nextBytes(data);
    byte[] expected = sha.hash(data);
    Sha512.Digest d = sha.newDigest();
    byte[] out = new byte[80];
    for (int split = 0; split <= data.length; split += 7) {
      d.update(data, 0, split);
      d.update(data, split, data.length - split);
      d.doFinal(out, 8);
      assertArrayEquals(expected, Arrays.copyOfRange(out, 8, 72), "split " + split);
    }
    assertTrue(isZero(out, 0, 8) && isZero(out, 72, 8));
    assertThrows(IndexOutOfBoundsException.class, () -> d.doFinal(new byte[64], 1));
  }

  @Test
  void hmac_rfc4231_emptyKey_reuse_destroy() {
    HmacSha512 hmac = crypto.hmacSha512();
    assertEquals(
        "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
            + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
        Hex.encode(hmac.mac(repeat(0x0b, 20), ascii("Hi There"))));
    assertEquals(
        "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
            + "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
        Hex.encode(
            hmac.mac(
                repeat(0xaa, 131),
                ascii("Test Using Larger Than Block-Size Key - Hash Key First"))));
    byte[] msg = ascii("Split");
    byte[] empty = hmac.mac(new byte[0], msg);
    assertArrayEquals(empty, hmac.mac(new byte[128], msg));
    assertArrayEquals(empty, crypto.hmacSha512().mac(new byte[1], msg));
    assertFalse(Arrays.equals(empty, hmac.mac(new byte[129], msg)));

    HmacSha512.Context c = hmac.newContext(ascii("Jefe"));
    byte[] q = ascii("xwhat do ya want for nothing?");
    byte[] first = new byte[64];
    byte[] second = new byte[70];
    c.update(q[1]);
    c.update(q, 2, q.length - 2);
    c.doFinal(first, 0);
    c.update(q, 1, q.length - 1);
    c.doFinal(second, 3);
    assertArrayEquals(first, Arrays.copyOfRange(second, 3, 67));
    assertEquals(
        "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
            + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
        Hex.encode(first));
    c.destroy();
    c.destroy();
    assertTrue(c.isDestroyed());
    assertThrows(IllegalStateException.class, () -> c.update((byte) 1));
    assertThrows(IllegalStateException.class, () -> c.doFinal(new byte[64], 0));
    assertThrows(NullPointerException.class, () -> hmac.newContext(null));
  }

  private static boolean containsPlaintext(byte[] buf) {
    for (int i = 0; i + 8 <= buf.length; i++) {
      if (Arrays.equals(buf, i, i + 8, PLAINTEXT, 0, 8)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isZero(byte[] b, int off, int len) {
    return ConstantTime.isZero(b, off, len);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] repeat(int value, int count) {
    byte[] b = new byte[count];
    Arrays.fill(b, (byte) value);
    return b;
  }
}
