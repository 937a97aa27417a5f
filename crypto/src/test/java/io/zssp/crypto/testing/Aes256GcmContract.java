package io.zssp.crypto.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.crypto.Aes256;
import io.zssp.crypto.Aes256Block;
import io.zssp.crypto.Aes256Gcm;
import io.zssp.crypto.ConstantTime;
import io.zssp.testkit.Hex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A provider's AES-256-GCM ({@code aes256().newGcm}): the GCM specification's AES-256 vectors in
 * separate buffers and in place, offsets, tampering, the tag of an empty message as one AES block,
 * context reuse across nonces, the JCE's refusal of a repeated nonce, sizes, destroy and key
 * ownership.
 */
public abstract class Aes256GcmContract implements ProviderUnderTest {
  private Aes256 aes;

  /**
   * McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)", Appendix B, the AES-256 test
   * cases with 96-bit IVs: name, key, IV, AAD, plaintext, ciphertext, tag.
   */
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

  @BeforeEach
  void setUpAes() {
    aes = provider().aes256();
  }

  @Test
  void gcm_specVectors_sealAndOpenInSeparateBuffersAndInPlace() {
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < GCM_SPEC_CASES.length; i++) {
      String[] v = GCM_SPEC_CASES[i];
      String id = "case " + i + " (" + v[0] + ")";
      byte[] key = Hex.decode(v[1]);
      byte[] nonce = Hex.decode(v[2]);
      byte[] aad = v[3].isEmpty() ? null : Hex.decode(v[3]);
      byte[] pt = Hex.decode(v[4]);
      String expected = v[5] + v[6];

      // Fresh contexts: the JCE refuses two consecutive seals with the same key and nonce.
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

  @Test
  void gcm_atOffsets_sealsAndOpensTheRangesOnly() {
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
   * Every tampered input returns -1 and leaves no plaintext behind (the {@link Aes256Gcm#open}
   * contract): in place the buffer is left untouched or zeroed, into a separate buffer nothing but
   * zeros is written. The context stays usable.
   */
  @Test
  void open_anyTamperedInput_returnsMinusOne_noPlaintextLeftAnywhere() {
    Aes256Gcm gcm = aes.newGcm(KEY);
    List<String> failures = new ArrayList<>();
    // One bit flipped at every ciphertext and tag byte position, in place and into a new array.
    for (int pos = 0; pos < SEALED.length; pos++) {
      byte[] buf = SEALED.clone();
      buf[pos] ^= (byte) (1 << (pos % 8));
      byte[] before = buf.clone();
      int n = gcm.open(NONCE, AAD, buf, 0, buf.length, buf, 0);
      if (n != -1) {
        failures.add("FAIL flip at byte " + pos + ": open returned " + n);
      } else if (containsPlaintext(buf)) {
        failures.add("FAIL flip at byte " + pos + ": plaintext left in the buffer");
      } else if (!Arrays.equals(before, buf) && !ConstantTime.isZero(buf, 0, PLAINTEXT.length)) {
        failures.add("FAIL flip at byte " + pos + ": buffer neither untouched nor zeroed");
      }
      byte[] out = new byte[PLAINTEXT.length];
      if (gcm.open(NONCE, AAD, before, 0, before.length, out, 0) != -1 || !allZero(out)) {
        failures.add("FAIL flip at byte " + pos + ": separate output not zero");
      }
    }
    byte[] badNonce = NONCE.clone();
    badNonce[11] ^= 1;
    byte[] badAad = AAD.clone();
    badAad[0] ^= (byte) 0x80;
    byte[] out = new byte[PLAINTEXT.length];
    if (gcm.open(badNonce, AAD, SEALED, 0, SEALED.length, out, 0) != -1) {
      failures.add("FAIL flipped nonce accepted");
    }
    if (gcm.open(NONCE, badAad, SEALED, 0, SEALED.length, out, 0) != -1) {
      failures.add("FAIL flipped AAD accepted");
    }
    if (gcm.open(NONCE, null, SEALED, 0, SEALED.length, out, 0) != -1) {
      failures.add("FAIL missing AAD accepted");
    }
    if (gcm.open(NONCE, AAD, SEALED, 0, SEALED.length - 1, out, 0) != -1) {
      failures.add("FAIL truncated input accepted");
    }
    if (!allZero(out)) {
      failures.add("FAIL plaintext written on failure: " + Hex.encode(out));
    }
    for (int len = 0; len < 16; len++) {
      if (gcm.open(NONCE, AAD, SEALED, 0, len, out, 0) != -1) {
        failures.add("FAIL length " + len + " not rejected");
      }
    }
    // The context is still usable after all those failures.
    if (gcm.open(NONCE, AAD, SEALED, 0, SEALED.length, out, 0) != PLAINTEXT.length
        || !Arrays.equals(out, PLAINTEXT)) {
      failures.add("FAIL genuine packet rejected after failures");
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void seal_emptyPlaintextNoAad_tagEqualsAesOfNonceAndCounterOne() {
    byte[] key = new byte[32];
    new Random(7).nextBytes(key);
    Aes256Gcm gcm = aes.newGcm(key);
    Aes256Block block = aes.newBlockEncryptor(key);
    List<String> failures = new ArrayList<>();
    for (int counter = 0; counter < 20; counter++) {
      byte[] nonce = zsspNonce(5, counter);
      byte[] tag = new byte[16];
      int n = gcm.seal(nonce, null, new byte[0], 0, 0, tag, 0);
      byte[] j0 = Arrays.copyOf(nonce, 16);
      j0[15] = 1;
      byte[] expected = new byte[16];
      block.processBlock(j0, 0, expected, 0);
      if (n != 16 || !Arrays.equals(tag, expected)) {
        failures.add(
            "FAIL counter " + counter + ": tag " + Hex.encode(tag) + " != " + Hex.encode(expected));
      }
      if (gcm.open(nonce, new byte[0], tag, 0, 16, new byte[0], 0) != 0) {
        failures.add("FAIL counter " + counter + ": tag-only packet does not open");
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void gcm_oneContextManyNonces_sameAsFreshContexts() {
    Random rnd = new Random(42);
    byte[] key = new byte[32];
    rnd.nextBytes(key);
    Aes256Gcm reused = aes.newGcm(key);
    List<String> failures = new ArrayList<>();
    for (int counter = 0; counter < 200; counter++) {
      byte[] nonce = zsspNonce(counter % 9, counter);
      byte[] aad = counter % 3 == 0 ? null : new byte[64];
      if (aad != null) {
        rnd.nextBytes(aad);
      }
      byte[] pt = new byte[rnd.nextInt(1500)];
      rnd.nextBytes(pt);
      byte[] a = new byte[pt.length + 16];
      byte[] b = new byte[pt.length + 16];
      reused.seal(nonce, aad, pt, 0, pt.length, a, 0);
      aes.newGcm(key).seal(nonce, aad, pt, 0, pt.length, b, 0);
      if (!Arrays.equals(a, b)) {
        failures.add("FAIL counter " + counter + ": reused context differs from a fresh one");
      }
      if (reused.open(nonce, aad, a, 0, a.length, a, 0) != pt.length
          || !Arrays.equals(Arrays.copyOf(a, pt.length), pt)) {
        failures.add("FAIL counter " + counter + ": reused context cannot open");
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void seal_nullAadAndEmptyAad_identical() {
    byte[] a = new byte[PLAINTEXT.length + 16];
    byte[] b = new byte[PLAINTEXT.length + 16];
    aes.newGcm(KEY).seal(NONCE, null, PLAINTEXT, 0, PLAINTEXT.length, a, 0);
    aes.newGcm(KEY).seal(NONCE, new byte[0], PLAINTEXT, 0, PLAINTEXT.length, b, 0);
    assertArrayEquals(a, b);
    assertEquals(GCM_SPEC_CASES[2][5].substring(0, 120), Hex.encode(a, 0, 60));
  }

  @Test
  void seal_sameNonceTwiceInARow_refusedByJce() {
    Aes256Gcm gcm = aes.newGcm(KEY);
    byte[] out = new byte[PLAINTEXT.length + 16];
    gcm.seal(NONCE, AAD, PLAINTEXT, 0, PLAINTEXT.length, out, 0);
    assertThrows(
        IllegalStateException.class,
        () -> gcm.seal(NONCE, AAD, PLAINTEXT, 0, PLAINTEXT.length, out, 0));
    assertThrows( // refused again: a refusal leaves nothing behind that would let it through
        IllegalStateException.class,
        () -> gcm.seal(NONCE, AAD, PLAINTEXT, 0, PLAINTEXT.length, out, 0));
    byte[] other = NONCE.clone();
    other[0] ^= 1;
    assertEquals(out.length, gcm.seal(other, AAD, PLAINTEXT, 0, PLAINTEXT.length, out, 0));
    // Opens between seals change nothing: the next new nonce seals, the last one is refused.
    assertEquals(
        PLAINTEXT.length, gcm.open(other, AAD, out, 0, out.length, new byte[out.length], 0));
    byte[] third = NONCE.clone();
    third[1] ^= 1;
    assertEquals(out.length, gcm.seal(third, AAD, PLAINTEXT, 0, PLAINTEXT.length, out, 0));
    assertEquals(
        PLAINTEXT.length, gcm.open(third, AAD, out, 0, out.length, new byte[out.length], 0));
    assertThrows(
        IllegalStateException.class,
        () -> gcm.seal(third, AAD, PLAINTEXT, 0, PLAINTEXT.length, out, 0));
  }

  @Test
  void gcm_badKeyOrNonceSize_throwsIllegalArgument() {
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
  }

  @Test
  void gcm_destroy_thenUse_throwsIllegalState() {
    Aes256Gcm gcm = aes.newGcm(KEY);
    assertFalse(gcm.isDestroyed());
    gcm.destroy();
    assertTrue(gcm.isDestroyed());
    byte[] buf = new byte[64];
    assertThrows(IllegalStateException.class, () -> gcm.seal(NONCE, null, buf, 0, 16, buf, 0));
    assertThrows(IllegalStateException.class, () -> gcm.open(NONCE, null, buf, 0, 32, buf, 0));
  }

  @Test
  void gcm_keyArrayWipedAfterCreation_stillUsesTheKey() {
    byte[] key = KEY.clone();
    Aes256Gcm gcm = aes.newGcm(key);
    Arrays.fill(key, (byte) 0);
    byte[] out = new byte[SEALED.length];
    gcm.seal(NONCE, AAD, PLAINTEXT, 0, PLAINTEXT.length, out, 0);
    assertArrayEquals(SEALED, out);
  }

  /** ZSSP's n(t, c): 00 00 00 ‖ t ‖ u64be(c). */
  private static byte[] zsspNonce(int type, long counter) {
    byte[] n = new byte[12];
    n[3] = (byte) type;
    for (int i = 0; i < 8; i++) {
      n[11 - i] = (byte) (counter >>> (8 * i));
    }
    return n;
  }

  private static boolean containsPlaintext(byte[] buf) {
    for (int i = 0; i + 8 <= buf.length; i++) {
      if (Arrays.equals(buf, i, i + 8, PLAINTEXT, 0, 8)) {
        return true;
      }
    }
    return false;
  }

  private static boolean allZero(byte[] b) {
    return ConstantTime.isZero(b, 0, b.length);
  }
}
