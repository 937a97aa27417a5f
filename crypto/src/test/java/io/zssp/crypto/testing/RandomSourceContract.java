package io.zssp.crypto.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zssp.crypto.RandomSource;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A provider's production {@link RandomSource} ({@code provider().random()}). */
public abstract class RandomSourceContract implements ProviderUnderTest {
  private RandomSource random;

  @BeforeEach
  void setUpRandom() {
    random = provider().random();
  }

  @Test
  void nextBytes_subRange_fillsOnlyThatRange() {
    byte[] buf = new byte[96];
    random.nextBytes(buf, 16, 64);
    for (int i = 0; i < 16; i++) {
      assertEquals(0, buf[i], "byte " + i);
      assertEquals(0, buf[80 + i], "byte " + (80 + i));
    }
    byte[] middle = Arrays.copyOfRange(buf, 16, 80);
    assertFalse(Arrays.equals(new byte[64], middle), "64 random bytes were all zero");
  }

  @Test
  void nextBytes_twoDraws_differ() {
    assertNotEquals(random.nextLong(), random.nextLong());
    byte[] a = new byte[32];
    byte[] b = new byte[32];
    random.nextBytes(a);
    random.nextBytes(b);
    assertFalse(Arrays.equals(a, b));
  }

  @Test
  void nextBytes_rangeOutOfBounds_throws() {
    assertThrows(IndexOutOfBoundsException.class, () -> random.nextBytes(new byte[8], 4, 5));
    assertThrows(IndexOutOfBoundsException.class, () -> random.nextBytes(new byte[8], -1, 2));
  }
}
