package io.zssp.crypto.internal.p384;

/**
 * The fixed-base table for d·G: for each of the 96 nibble positions i of a scalar and each nibble
 * value j = 1…15, the affine point j·16^i·G, so that d·G = Σ_i T[i][d_i] takes 96 additions and no
 * doublings ({@link P384Group#multiplyBase}). 1,440 points, 138 KB of 32-bit limbs, computed once
 * on first use (a few milliseconds: the Jacobian points, then one batch inversion) and immutable
 * afterwards, so any thread may read it.
 */
final class P384BaseTable {
  static final int POSITIONS = 96;
  static final int ENTRIES = 15; // nibble values 1…15; 0 is the identity, not stored

  /** [((position · 15) + (j − 1)) · 24 + coordinate · 12 + limb], coordinates x then y. */
  private static final int[] TABLE = compute();

  private P384BaseTable() {}

  /**
   * Loads the affine coordinates of T[position][nibble] into x and y (zeros for nibble 0, the
   * identity, which the caller handles) by reading all 15 entries of the position with masks,
   * whatever the nibble.
   */
  static void select(long[] x, long[] y, int position, int nibble) {
    P384Field.setZero(x);
    P384Field.setZero(y);
    int base = position * ENTRIES * 2 * P384Field.LIMBS;
    for (int j = 1; j <= ENTRIES; j++) {
      long mask = ((long) (j ^ nibble) - 1) >> 63; // −1 iff j == nibble
      int o = base + (j - 1) * 2 * P384Field.LIMBS;
      for (int l = 0; l < P384Field.LIMBS; l++) {
        x[l] |= (TABLE[o + l] & 0xffffffffL) & mask;
        y[l] |= (TABLE[o + P384Field.LIMBS + l] & 0xffffffffL) & mask;
      }
    }
  }

  private static int[] compute() {
    int count = POSITIONS * ENTRIES;
    P384Group group = new P384Group();
    P384Group.Point[] points = new P384Group.Point[count];
    P384Group.Point step = new P384Group.Point(); // 16^i·G
    step.setAffine(P384Group.GX, P384Group.GY);
    for (int i = 0; i < POSITIONS; i++) {
      for (int j = 1; j <= ENTRIES; j++) {
        P384Group.Point p = new P384Group.Point();
        if (j == 1) {
          p.set(step);
        } else if (j == 2) {
          group.dbl(p, step);
        } else {
          group.add(p, points[i * ENTRIES + j - 2], step); // (j−1)·s + s, j − 1 ≥ 2: distinct
        }
        points[i * ENTRIES + j - 1] = p;
      }
      group.dbl(step, points[i * ENTRIES + 7]); // 16·16^i·G = 2·(8·16^i·G)
    }
    // Batch inversion of every Z: prefix products, one inversion, then back.
    P384Field f = group.f;
    long[][] prefix = new long[count][];
    long[] acc = P384Field.element();
    P384Field.setOne(acc);
    for (int k = 0; k < count; k++) {
      prefix[k] = acc.clone();
      f.mul(acc, acc, points[k].z);
    }
    long[] inv = P384Field.element();
    f.invert(inv, acc);
    int[] table = new int[count * 2 * P384Field.LIMBS];
    long[] zInv = P384Field.element();
    long[] x = P384Field.element();
    long[] y = P384Field.element();
    for (int k = count - 1; k >= 0; k--) {
      f.mul(zInv, inv, prefix[k]); // 1/Z_k
      f.mul(inv, inv, points[k].z); // 1/(Z_0 … Z_{k−1})
      f.mul(y, zInv, zInv);
      f.mul(x, points[k].x, y); // X/Z²
      f.mul(y, y, zInv);
      f.mul(y, points[k].y, y); // Y/Z³
      int o = k * 2 * P384Field.LIMBS;
      for (int l = 0; l < P384Field.LIMBS; l++) {
        table[o + l] = (int) x[l];
        table[o + P384Field.LIMBS + l] = (int) y[l];
      }
    }
    return table;
  }
}
