package io.zssp.wire;

import io.zssp.api.PeerAddress;
import io.zssp.crypto.ConstantTime;
import io.zssp.crypto.RandomSource;
import io.zssp.crypto.Sha512;

/**
 * The ZeroTier Challenge Protocol (ZSSP-SPEC §12): the proof of work both sides evaluate, Alice's
 * solver, and Bob's challenge state (salted address MAC, issue counter, 32-slot counter window).
 * Response and challenge share one 32-byte layout: {@code counter(8) ‖ mac(16) ‖ pow(8)}.
 *
 * <p>Bob's state is owned by one context. The salt rotates every {@link #SALT_LIFETIME_MILLIS} on a
 * fixed schedule (applied lazily, when a challenge is issued or checked), and MACs under the
 * previous salt are still accepted, so a challenge stays answerable for 120–240 s (the canonical
 * code never rotates: bug B16).
 */
public final class Zcp {
  public static final int RESPONSE_SIZE = 32;
  public static final int MAC_OFFSET = 8;
  public static final int POW_OFFSET = 24;
  public static final long SALT_LIFETIME_MILLIS = 120_000;
  private static final int WINDOW = 32;

  private final Sha512 sha512;
  private final RandomSource random;
  private byte[] salt;
  private byte[] previousSalt;
  private long saltCreatedAt;
  private long issueCounter;
  private final long[] window = new long[WINDOW];

  /** Draws the first 32-byte salt now (as the canonical context does at creation). */
  public Zcp(Sha512 sha512, RandomSource random, long now) {
    this.sha512 = sha512;
    this.random = random;
    this.salt = new byte[32];
    random.nextBytes(salt);
    this.saltCreatedAt = now;
  }

  /** PoW: SHA-512 of the 32-byte response starts with at least 13 zero bits. */
  public static boolean powPasses(Sha512 sha512, byte[] response, int off) {
    Sha512.Digest d = sha512.newDigest();
    byte[] h = new byte[64];
    d.update(response, off, RESPONSE_SIZE);
    d.doFinal(h, 0);
    return h[0] == 0 && (h[1] & 0xf8) == 0;
  }

  /**
   * Alice: turns a challenge into a response in place: counter and MAC copied, pow incremented as a
   * big-endian u64 (wrapping) from {@code start} until the PoW passes.
   *
   * @return the number of hashes computed
   */
  public static long solve(
      Sha512 sha512, byte[] challenge, int challengeOff, byte[] start8, byte[] responseOut) {
    System.arraycopy(challenge, challengeOff, responseOut, 0, POW_OFFSET);
    long pow = Nonces.readU64(start8, 0);
    long hashes = 0;
    while (true) {
      Nonces.writeU64(responseOut, POW_OFFSET, pow);
      hashes++;
      if (powPasses(sha512, responseOut, 0)) {
        return hashes;
      }
      pow++;
    }
  }

  /**
   * Bob: whether the X1 trailer at {@code x1[off…off+32)} is a valid, fresh answer from {@code
   * from}; if so, its counter is consumed (window update).
   */
  public boolean checkAndConsume(byte[] x1, int off, PeerAddress from, long now) {
    rotateIfDue(now);
    long c = Nonces.readU64(x1, off);
    if (!windowCheck(c)) {
      return false;
    }
    boolean macOk =
        ConstantTime.equals(mac(c, from, salt), 0, x1, off + MAC_OFFSET, 16)
            | (previousSalt != null
                && ConstantTime.equals(mac(c, from, previousSalt), 0, x1, off + MAC_OFFSET, 16));
    if (!macOk || !powPasses(sha512, x1, off)) {
      return false;
    }
    window[(int) Long.remainderUnsigned(c, WINDOW)] = c + 1;
    return true;
  }

  /**
   * Bob: the 36-byte challenge packet answering an X1 whose first 4 bytes are {@code kidA} and
   * whose trailer's pow field is at {@code powSource[powOff…+8)}.
   */
  public byte[] issue(byte[] kidA, byte[] powSource, int powOff, PeerAddress from, long now) {
    rotateIfDue(now);
    long d = issueCounter++;
    byte[] packet = new byte[4 + RESPONSE_SIZE];
    System.arraycopy(kidA, 0, packet, 0, 4);
    Nonces.writeU64(packet, 4, d);
    System.arraycopy(mac(d, from, salt), 0, packet, 4 + MAC_OFFSET, 16);
    System.arraycopy(powSource, powOff, packet, 4 + POW_OFFSET, 8);
    return packet;
  }

  private boolean windowCheck(long c) {
    long a = c + 1;
    return a != 0 && Long.compareUnsigned(window[(int) Long.remainderUnsigned(c, WINDOW)], a) < 0;
  }

  /** MAC(c, address) = SHA-512(u64be(c) ‖ address bytes ‖ salt)[0..16] (the whitepaper's). */
  private byte[] mac(long c, PeerAddress from, byte[] s) {
    byte[] counter = new byte[8];
    Nonces.writeU64(counter, 0, c);
    byte[] h = sha512.hash(counter, from.bytes(), s);
    return java.util.Arrays.copyOf(h, 16);
  }

  /**
   * Catches up with every rotation due since the last call, on the fixed schedule saltCreatedAt +
   * k·lifetime: after two or more missed rotations the old salt is not kept as "previous", so no
   * MAC is accepted more than two lifetimes (240 s) after its salt became current, however long the
   * context was idle.
   */
  private void rotateIfDue(long now) {
    long periods = (now - saltCreatedAt) / SALT_LIFETIME_MILLIS;
    if (periods >= 1) {
      if (previousSalt != null) {
        java.util.Arrays.fill(previousSalt, (byte) 0);
      }
      if (periods == 1) {
        previousSalt = salt;
      } else {
        java.util.Arrays.fill(salt, (byte) 0);
        previousSalt = null;
      }
      salt = new byte[32];
      random.nextBytes(salt);
      saltCreatedAt += periods * SALT_LIFETIME_MILLIS;
    }
  }
}
