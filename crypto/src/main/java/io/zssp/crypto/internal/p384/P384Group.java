package io.zssp.crypto.internal.p384;

import static io.zssp.crypto.internal.p384.P384Field.add;
import static io.zssp.crypto.internal.p384.P384Field.copy;
import static io.zssp.crypto.internal.p384.P384Field.sub;

/**
 * The P-384 group for {@link JavaP384}: points in Jacobian coordinates (X : Y : Z), x = X/Z², y =
 * Y/Z³, the identity with Z = 0, doubled by dbl-2001-b and added by add-2007-bl (the Explicit-
 * Formulas Database's names, a = −3).
 *
 * <p>{@link #multiply} computes k·P with a fixed 4-bit window: a table of 0·P … 15·P, then for each
 * of the scalar's 96 nibbles from the top four doublings and one addition of the table entry, read
 * by a masked scan of all 16 entries. {@link #multiplyBase} adds one masked read of {@link
 * P384BaseTable} per nibble. The sequence of operations and memory accesses is the same for every
 * scalar and point.
 *
 * <p><b>Why the addition never meets the doubling case.</b> The addition formula is wrong for p = q
 * (it would need the doubling), right for everything else; the identity is handled by masks. Both
 * multiplications require 0 ≤ k &lt; n and a point of order n (every curve point but the identity:
 * the group has prime order). In {@link #multiply}, before the addition of nibble d the accumulator
 * is 16·k'·P, where k' is the scalar's prefix so far and 16·k' + d ≤ k &lt; n: it equals d·P only
 * for k' = d = 0 (both identity) and −d·P never. In {@link #multiplyBase}, the accumulator is k''·G
 * with k'' &lt; 16^i the scalar's low part and the entry is d·16^i·G with k'' + d·16^i ≤ k &lt; n:
 * equal or opposite only if both are the identity. Building the tables adds j·P to P for j ≥ 2
 * only. The callers ({@link JavaP384}) pass scalars in [1, n) only.
 *
 * <p>An instance owns its scratch space and table: one operation on one thread at a time.
 */
final class P384Group {
  /** b of y² = x³ − 3x + b. */
  static final long[] B =
      P384Field.fromHex(
          "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef");

  /** The base point G, affine. */
  static final long[] GX =
      P384Field.fromHex(
          "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7");

  static final long[] GY =
      P384Field.fromHex(
          "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f");

  private static final int WINDOW_ENTRIES = 16;

  /** A projective point; the three coordinates are owned by whoever created it. */
  static final class Point {
    final long[] x = P384Field.element();
    final long[] y = P384Field.element();
    final long[] z = P384Field.element();

    void setIdentity() {
      P384Field.setZero(x);
      P384Field.setOne(y);
      P384Field.setZero(z);
    }

    void setAffine(long[] ax, long[] ay) {
      copy(x, ax);
      copy(y, ay);
      P384Field.setOne(z);
    }

    void set(Point p) {
      copy(x, p.x);
      copy(y, p.y);
      copy(z, p.z);
    }

    /** this = mask ? p : this, for mask 0 or −1. */
    void conditionalSet(Point p, long mask) {
      P384Field.conditionalCopy(x, p.x, mask);
      P384Field.conditionalCopy(y, p.y, mask);
      P384Field.conditionalCopy(z, p.z, mask);
    }

    void wipe() {
      P384Field.setZero(x);
      P384Field.setZero(y);
      P384Field.setZero(z);
    }
  }

  final P384Field f = new P384Field();
  private final long[] t0 = P384Field.element();
  private final long[] t1 = P384Field.element();
  private final long[] t2 = P384Field.element();
  private final long[] t3 = P384Field.element();
  private final long[] t4 = P384Field.element();
  private final long[] t5 = P384Field.element();
  private final long[] x3 = P384Field.element();
  private final long[] y3 = P384Field.element();
  private final long[] z3 = P384Field.element();
  private final Point[] table = new Point[WINDOW_ENTRIES];
  private final Point selected = new Point();

  P384Group() {
    for (int i = 0; i < WINDOW_ENTRIES; i++) {
      table[i] = new Point();
    }
  }

  /**
   * r = p + q (add-2007-bl), where p and q are each a point or the identity, and p ≠ q unless both
   * are the identity (p = −q gives the identity, as it should). r may be p or q. The identities are
   * handled by masks, not branches. {@link #multiply} and {@link #multiplyBase} never add a point
   * to itself: see the class comment.
   */
  void add(Point r, Point p, Point q) {
    long pIsIdentity = P384Field.isZeroMask(p.z);
    long qIsIdentity = P384Field.isZeroMask(q.z);
    f.sqr(t0, p.z); // Z1Z1
    f.sqr(t1, q.z); // Z2Z2
    f.mul(t2, p.x, t1); // U1
    f.mul(t3, q.x, t0); // U2
    f.mul(t4, p.y, q.z);
    f.mul(t4, t4, t1); // S1
    f.mul(t5, q.y, p.z);
    f.mul(t5, t5, t0); // S2
    P384Field.add(z3, p.z, q.z);
    f.sqr(z3, z3);
    sub(z3, z3, t0);
    sub(z3, z3, t1); // 2·Z1·Z2
    sub(t3, t3, t2); // H = U2 − U1
    f.mul(z3, z3, t3); // Z3 = 2·Z1·Z2·H
    P384Field.add(t0, t3, t3);
    f.sqr(t0, t0); // I = (2H)²
    f.mul(t1, t3, t0); // J = H·I
    sub(t5, t5, t4);
    P384Field.add(t5, t5, t5); // ρ = 2(S2 − S1)
    f.mul(t2, t2, t0); // V = U1·I
    finishSum(t5, t1, t2, t4, t4);
    // p = O: the sum is q; q = O: the sum is p (both O: p, which is O).
    P384Field.conditionalCopy(x3, q.x, pIsIdentity);
    P384Field.conditionalCopy(y3, q.y, pIsIdentity);
    P384Field.conditionalCopy(z3, q.z, pIsIdentity);
    P384Field.conditionalCopy(x3, p.x, qIsIdentity);
    P384Field.conditionalCopy(y3, p.y, qIsIdentity);
    P384Field.conditionalCopy(z3, p.z, qIsIdentity);
    copy(r.x, x3);
    copy(r.y, y3);
    copy(r.z, z3);
  }

  /**
   * r = p + (x2, y2) for an affine point (madd-2007-bl), or r = p if {@code entryIsIdentity} is −1;
   * p may be the identity (masks, as in {@link #add}), but p ≠ (x2, y2). r may be p.
   */
  void addAffine(Point r, Point p, long[] x2, long[] y2, long entryIsIdentity) {
    long pIsIdentity = P384Field.isZeroMask(p.z);
    f.sqr(t0, p.z); // Z1Z1
    f.mul(t1, x2, t0); // U2
    f.mul(t2, y2, p.z);
    f.mul(t2, t2, t0); // S2
    sub(t1, t1, p.x); // H = U2 − X1
    f.sqr(t3, t1); // HH
    P384Field.add(z3, p.z, t1);
    f.sqr(z3, z3);
    sub(z3, z3, t0);
    sub(z3, z3, t3); // Z3 = (Z1 + H)² − Z1Z1 − HH
    P384Field.add(t3, t3, t3);
    P384Field.add(t3, t3, t3); // I = 4·HH
    f.mul(t4, t1, t3); // J = H·I
    sub(t2, t2, p.y);
    P384Field.add(t2, t2, t2); // ρ = 2(S2 − Y1)
    f.mul(t5, p.x, t3); // V = X1·I
    finishSum(t2, t4, t5, p.y, t4); // S1 = Y1 when Z2 = 1
    // p = O: the sum is (x2, y2, 1); the entry is O: the sum is p.
    P384Field.conditionalCopy(x3, x2, pIsIdentity);
    P384Field.conditionalCopy(y3, y2, pIsIdentity);
    P384Field.setOne(t0);
    P384Field.conditionalCopy(z3, t0, pIsIdentity);
    P384Field.conditionalCopy(x3, p.x, entryIsIdentity);
    P384Field.conditionalCopy(y3, p.y, entryIsIdentity);
    P384Field.conditionalCopy(z3, p.z, entryIsIdentity);
    copy(r.x, x3);
    copy(r.y, y3);
    copy(r.z, z3);
  }

  /**
   * The end both additions share: X3 = ρ² − J − 2V and Y3 = ρ(V − X3) − 2·S1·J into x3, y3. {@code
   * scratch} may be s1 or j (it is written last).
   */
  private void finishSum(long[] rho, long[] j, long[] v, long[] s1, long[] scratch) {
    f.sqr(x3, rho);
    sub(x3, x3, j);
    sub(x3, x3, v);
    sub(x3, x3, v);
    sub(y3, v, x3);
    f.mul(y3, rho, y3);
    f.mul(scratch, s1, j);
    P384Field.add(scratch, scratch, scratch);
    sub(y3, y3, scratch);
  }

  /** r = 2p (dbl-2001-b, a = −3); the identity (Z = 0) doubles to itself. r may be p. */
  void dbl(Point r, Point p) {
    f.sqr(t0, p.z); // δ
    f.sqr(t1, p.y); // γ
    f.mul(t2, p.x, t1); // β
    sub(t3, p.x, t0);
    P384Field.add(t4, p.x, t0);
    f.mul(t3, t3, t4);
    P384Field.add(t4, t3, t3);
    P384Field.add(t3, t4, t3); // α = 3(X − δ)(X + δ)
    P384Field.add(z3, p.y, p.z);
    f.sqr(z3, z3);
    sub(z3, z3, t1);
    sub(z3, z3, t0); // Z3 = (Y + Z)² − γ − δ
    f.sqr(x3, t3);
    P384Field.add(t4, t2, t2);
    P384Field.add(t4, t4, t4); // 4β
    P384Field.add(t0, t4, t4);
    sub(x3, x3, t0); // X3 = α² − 8β
    sub(t4, t4, x3);
    f.sqr(t1, t1);
    P384Field.add(t1, t1, t1);
    P384Field.add(t1, t1, t1);
    P384Field.add(t1, t1, t1); // 8γ²
    f.mul(y3, t3, t4);
    sub(y3, y3, t1); // Y3 = α(4β − X3) − 8γ²
    copy(r.x, x3);
    copy(r.y, y3);
    copy(r.z, z3);
  }

  /**
   * r = k·p for a 48-byte big-endian scalar k (any value; ZSSP passes 1 ≤ k &lt; n), in constant
   * time. The table and the selected entry are wiped afterwards.
   */
  void multiply(Point r, Point p, byte[] k) {
    table[0].setIdentity();
    table[1].set(p);
    for (int i = 2; i < WINDOW_ENTRIES; i++) {
      if ((i & 1) == 0) {
        dbl(table[i], table[i >> 1]);
      } else {
        add(table[i], table[i - 1], p);
      }
    }
    r.setIdentity();
    for (int w = 0; w < 2 * k.length; w++) {
      if (w > 0) { // public: the window position
        dbl(r, r);
        dbl(r, r);
        dbl(r, r);
        dbl(r, r);
      }
      int nibble = (k[w >> 1] >> ((~w & 1) << 2)) & 0xf;
      select(selected, nibble);
      add(r, r, selected);
    }
    for (Point t : table) {
      t.wipe();
    }
    selected.wipe();
  }

  /**
   * r = k·G for a 48-byte big-endian scalar k, in constant time, from {@link P384BaseTable}: one
   * addition of a masked table read per nibble, no doublings.
   */
  void multiplyBase(Point r, byte[] k) {
    r.setIdentity();
    int positions = 2 * k.length;
    for (int w = 0; w < positions; w++) {
      int nibble = (k[w >> 1] >> ((~w & 1) << 2)) & 0xf;
      P384BaseTable.select(selected.x, selected.y, positions - 1 - w, nibble);
      addAffine(r, r, selected.x, selected.y, ((long) nibble - 1) >> 63);
    }
    selected.wipe();
  }

  /** out = table[index], reading every entry. */
  private void select(Point out, int index) {
    out.setIdentity();
    for (int i = 0; i < WINDOW_ENTRIES; i++) {
      long mask = ((long) (i ^ index) - 1) >> 63; // −1 iff i == index (both in [0, 16))
      out.conditionalSet(table[i], mask);
    }
  }

  /**
   * Writes the affine coordinates of p (not the identity) to ax and ay (either may be null).
   *
   * @return −1 if p was the identity (the outputs are then zero), else 0
   */
  long toAffine(long[] ax, long[] ay, Point p) {
    long[] zInv = t0;
    long[] zInv2 = t1;
    f.invert(zInv, p.z);
    f.sqr(zInv2, zInv);
    if (ax != null) {
      f.mul(ax, p.x, zInv2);
    }
    if (ay != null) {
      f.mul(zInv2, zInv2, zInv);
      f.mul(ay, p.y, zInv2);
    }
    return P384Field.isZeroMask(p.z);
  }

  /** −1 if (x, y) satisfies y² = x³ − 3x + b, else 0. */
  long onCurveMask(long[] x, long[] y) {
    curveRightHandSide(t3, x);
    f.sqr(t4, y);
    return P384Field.equalMask(t3, t4);
  }

  /** rhs = x³ − 3x + b. */
  void curveRightHandSide(long[] rhs, long[] x) {
    f.sqr(t1, x);
    f.mul(t1, t1, x);
    P384Field.add(t2, x, x);
    P384Field.add(t2, t2, x);
    sub(t1, t1, t2);
    P384Field.add(rhs, t1, B);
  }

  /** Overwrites every scratch value this instance holds (intermediates of secret scalars). */
  void wipe() {
    for (long[] t : new long[][] {t0, t1, t2, t3, t4, t5, x3, y3, z3}) {
      P384Field.setZero(t);
    }
    for (Point t : table) {
      t.wipe();
    }
    selected.wipe();
    f.wipe();
  }
}
