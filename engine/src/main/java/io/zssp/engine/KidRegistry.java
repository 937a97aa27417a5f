package io.zssp.engine;

import io.zssp.crypto.RandomSource;

/**
 * Every recv key id registered in one context, and what it leads to: an {@link EngineSession} or a
 * half-open handshake ({@link HalfOpen}). Lookups are lock-free. New ids are random, non-zero and
 * unique among all sessions and all B2 entries (KID-Gen, ZSSP-SPEC §11.2; fixes B11): an id is
 * reserved atomically before it is used on the wire. Thread-safe; a lookup takes no lock and
 * allocates nothing ({@link KidTable}).
 */
final class KidRegistry {
  /** Placeholder for an id reserved while its owner is being built; lookups treat it as unknown. */
  static final Object RESERVED = new Object();

  private final KidTable byKid = new KidTable();
  private final RandomSource random;

  KidRegistry(RandomSource random) {
    this.random = random;
  }

  /** The session, B2 entry or {@link #RESERVED} registered under {@code kid}, or null. */
  Object get(int kid) {
    return byKid.get(kid);
  }

  /** A fresh id, registered to {@code owner} (which may be {@link #RESERVED} for now). */
  int allocate(Object owner) {
    byte[] b = new byte[4];
    while (true) {
      random.nextBytes(b);
      int kid =
          ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
      if (kid != 0 && byKid.putIfAbsent(kid, owner)) {
        return kid;
      }
    }
  }

  /** Re-points {@code kid} from {@code from} to {@code to}; false if it no longer belongs to it. */
  boolean replace(int kid, Object from, Object to) {
    return byKid.replace(kid, from, to);
  }

  /** Unregisters {@code kid} if it still belongs to {@code owner}. */
  void release(int kid, Object owner) {
    byKid.remove(kid, owner);
  }

  int size() {
    return byKid.size();
  }

  /** The registered ids (a snapshot, for tests and diagnostics). */
  java.util.Set<Integer> registered() {
    return byKid.keys();
  }
}
