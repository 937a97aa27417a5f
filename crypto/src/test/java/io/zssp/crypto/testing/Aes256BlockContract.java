package io.zssp.crypto.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.crypto.Aes256;
import io.zssp.crypto.Aes256Block;
import io.zssp.crypto.ConstantTime;
import io.zssp.testkit.Hex;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A provider's single-block AES-256 contexts ({@code aes256().newBlockEncryptor/Decryptor}, ZSSP
 * header protection): FIPS-197, in place at offsets, no state between blocks, bounds, destroy and
 * key ownership.
 */
public abstract class Aes256BlockContract implements ProviderUnderTest {
  private Aes256 aes;

  /** FIPS-197 Appendix C.3 (AES-256). */
  private static final byte[] FIPS_KEY =
      Hex.decode("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

  private static final byte[] FIPS_PT = Hex.decode("00112233445566778899aabbccddeeff");
  private static final byte[] FIPS_CT = Hex.decode("8ea2b7ca516745bfeafc49904b496089");

  @BeforeEach
  void setUpAes() {
    aes = provider().aes256();
  }

  @Test
  void block_fips197AppendixC3_encryptsAndDecrypts() {
    byte[] out = new byte[16];
    aes.newBlockEncryptor(FIPS_KEY).processBlock(FIPS_PT, 0, out, 0);
    assertArrayEquals(FIPS_CT, out);
    aes.newBlockDecryptor(FIPS_KEY).processBlock(FIPS_CT, 0, out, 0);
    assertArrayEquals(FIPS_PT, out);
  }

  @Test
  void block_inPlaceAtOffsetRepeatedly_noStateCarriedBetweenBlocks() {
    Aes256Block enc = aes.newBlockEncryptor(FIPS_KEY);
    Aes256Block dec = aes.newBlockDecryptor(FIPS_KEY);
    byte[] buf = new byte[4 + 16 + 4];
    for (int round = 0; round < 3; round++) {
      System.arraycopy(FIPS_PT, 0, buf, 4, 16);
      enc.processBlock(buf, 4, buf, 4);
      assertArrayEquals(FIPS_CT, Arrays.copyOfRange(buf, 4, 20), "round " + round);
      dec.processBlock(buf, 4, buf, 4);
      assertArrayEquals(FIPS_PT, Arrays.copyOfRange(buf, 4, 20), "round " + round);
    }
    assertTrue(isZero(Arrays.copyOf(buf, 4)) && isZero(Arrays.copyOfRange(buf, 20, 24)));
  }

  @Test
  void block_destroyAndBounds_throw() {
    Aes256Block enc = aes.newBlockEncryptor(FIPS_KEY);
    assertThrows(
        IndexOutOfBoundsException.class, () -> enc.processBlock(new byte[16], 1, new byte[16], 0));
    assertThrows(
        IndexOutOfBoundsException.class, () -> enc.processBlock(new byte[16], 0, new byte[20], 5));
    enc.destroy();
    assertTrue(enc.isDestroyed());
    assertThrows(IllegalStateException.class, () -> enc.processBlock(FIPS_PT, 0, new byte[16], 0));
  }

  @Test
  void block_keyArrayWipedAfterCreation_stillUsesTheKey() {
    byte[] key = FIPS_KEY.clone();
    Aes256Block enc = aes.newBlockEncryptor(key);
    Arrays.fill(key, (byte) 0);
    byte[] out = new byte[16];
    enc.processBlock(FIPS_PT, 0, out, 0);
    assertArrayEquals(FIPS_CT, out);
  }

  private static boolean isZero(byte[] b) {
    return ConstantTime.isZero(b, 0, b.length);
  }
}
