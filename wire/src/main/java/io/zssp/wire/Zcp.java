package io.zssp.wire;

import io.zssp.api.PeerAddress;
import io.zssp.crypto.ConstantTime;
import io.zssp.crypto.RandomSource;
import io.zssp.crypto.Sha512;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The ZeroTier Challenge Protocol (ZSSP-SPEC §12): the proof of work both sides evaluate, Alice's
 * solver, and Bob's challenge state (salted address MAC, issue counter, 32-slot counter window).
 * Response and challenge share one 32-byte layout: {@code counter(8) ‖ mac(16) ‖ pow(8)}.
 *
 * <p>Bob's state is owned by one context and is lock-free, so that no hashing runs under a lock
 * (B24): the salts are one immutable snapshot swapped atomically, the window slots and the issue
 * counter are atomics, and a counter is consumed by compare-and-set only after its MAC and proof of
 * work have been checked. The salt rotates every {@link #SALT_LIFETIME_MILLIS} on a fixed schedule
 * (applied lazily, when a challenge is issued or checked), and MACs under the previous salt are
 * still accepted, so a challenge stays answerable for 120–240 s (the canonical code never rotates:
 * bug B16). A dropped salt is wiped; a thread still hashing with it then merely fails to match, and
 * that sender is challenged again.
 */
public final class Zcp {
  public static final int RESPONSE_SIZE = 32;
  public static final int MAC_OFFSET = 8;
  public static final int POW_OFFSET = 24;
  public static final long SALT_LIFETIME_MILLIS = 120_000;
  private static final int WINDOW = 32;

  /** The current salt, the previous one (or null) and when the current one became current. */
  private static final class Salts {
    final byte[] current;
    final byte[] previous;
    final long createdAt;

    Salts(byte[] current, byte[] previous, long createdAt) {
      this.current = current;
      this.previous = previous;
      this.createdAt = createdAt;
    }
  }

  private final Sha512 sha512;
  private final RandomSource random;
  private final AtomicReference<Salts> salts;
  private final AtomicLong issueCounter = new AtomicLong();
  private final AtomicLongArray window = new AtomicLongArray(WINDOW);

  /** Draws the first 32-byte salt now (as the canonical context does at creation). */
  public Zcp(Sha512 sha512, RandomSource random, long now) {
    this.sha512 = sha512;
    this.random = random;
    byte[] salt = new byte[32];
    random.nextBytes(salt);
    this.salts = new AtomicReference<>(new Salts(salt, null, now));
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
   * from}; if so, its counter is consumed (window update). Thread-safe.
   */
  public boolean checkAndConsume(byte[] x1, int off, PeerAddress from, long now) {
    Salts st = salts(now);
    long c = Nonces.readU64(x1, off);
    int slot = (int) Long.remainderUnsigned(c, WINDOW);
    if (!fresh(window.get(slot), c)) {
      return false;
    }
    boolean macOk =
        ConstantTime.equals(mac(c, from, st.current), 0, x1, off + MAC_OFFSET, 16)
            | (st.previous != null
                && ConstantTime.equals(mac(c, from, st.previous), 0, x1, off + MAC_OFFSET, 16));
    if (!macOk || !powPasses(sha512, x1, off)) {
      return false;
    }
    while (true) { // consume c exactly once, whatever other threads do meanwhile
      long w = window.get(slot);
      if (!fresh(w, c)) {
        return false;
      }
      if (window.compareAndSet(slot, w, c + 1)) {
        return true;
      }
    }
  }

  /**
   * Bob: the 36-byte challenge packet answering an X1 whose first 4 bytes are {@code kidA} and
   * whose trailer's pow field is at {@code powSource[powOff…+8)}. Thread-safe.
   */
  public byte[] issue(byte[] kidA, byte[] powSource, int powOff, PeerAddress from, long now) {
    Salts st = salts(now);
    long d = issueCounter.getAndIncrement();
    byte[] packet = new byte[4 + RESPONSE_SIZE];
    System.arraycopy(kidA, 0, packet, 0, 4);
    Nonces.writeU64(packet, 4, d);
    System.arraycopy(mac(d, from, st.current), 0, packet, 4 + MAC_OFFSET, 16);
    System.arraycopy(powSource, powOff, packet, 4 + POW_OFFSET, 8);
    return packet;
  }

  /** {@code C[c mod 32] < c + 1} (unsigned; c = 2^64 − 1 is never fresh). */
  private static boolean fresh(long slot, long c) {
    long a = c + 1;
    return a != 0 && Long.compareUnsigned(slot, a) < 0;
  }

  /** MAC(c, address) = SHA-512(u64be(c) ‖ address bytes ‖ salt)[0..16] (the whitepaper's). */
  private byte[] mac(long c, PeerAddress from, byte[] s) {
    byte[] counter = new byte[8];
    Nonces.writeU64(counter, 0, c);
    byte[] h = sha512.hash(counter, from.bytes(), s);
    return java.util.Arrays.copyOf(h, 16);
  }

  /**
   * The salts in force at {@code now}, catching up with every rotation due since the last call, on
   * the fixed schedule createdAt + k·lifetime: after two or more missed rotations the old salt is
   * not kept as "previous", so no MAC is accepted more than two lifetimes (240 s) after its salt
   * became current, however long the context was idle.
   */
  private Salts salts(long now) {
    while (true) {
      Salts s = salts.get();
      long periods = (now - s.createdAt) / SALT_LIFETIME_MILLIS;
      if (periods < 1) {
        return s;
      }
      byte[] fresh = new byte[32];
      random.nextBytes(fresh);
      Salts next =
          new Salts(
              fresh, periods == 1 ? s.current : null, s.createdAt + periods * SALT_LIFETIME_MILLIS);
      if (salts.compareAndSet(s, next)) {
        wipe(s.previous);
        if (periods > 1) {
          wipe(s.current);
        }
        return next;
      }
      wipe(fresh); // another thread rotated first
    }
  }

  private static void wipe(byte[] salt) {
    if (salt != null) {
      java.util.Arrays.fill(salt, (byte) 0);
    }
  }
}
