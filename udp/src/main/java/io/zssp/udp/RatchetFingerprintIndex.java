package io.zssp.udp;

import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The in-memory view a {@link FileRatchetStore} keeps of its records (ZSSP-SPEC §9.3 rule 4): each
 * non-zero fingerprint of a stored state → the records holding it, plus the set of corrupted
 * records. Records are named by their base name (the hash prefix). Owned by one store; thread-safe
 * (one monitor, short operations).
 */
final class RatchetFingerprintIndex {
  /** Fingerprint → (record base name → state). */
  private final Map<ByteBuffer, Map<String, RatchetState>> byFingerprint = new HashMap<>();

  /** Record base name → the pair currently indexed for it. */
  private final Map<String, RatchetPair> indexed = new HashMap<>();

  /** Record base name → file, for corrupted records. */
  private final Map<String, Path> corrupted = new TreeMap<>();

  /** A state stored with this fingerprint (one of them if several records share it), or null. */
  synchronized RatchetState find(byte[] fingerprint) {
    Map<String, RatchetState> owners = byFingerprint.get(ByteBuffer.wrap(fingerprint.clone()));
    return owners == null ? null : owners.values().iterator().next();
  }

  /** Record {@code name} now holds {@code pair} (null: no record); it is not corrupted. */
  synchronized void update(String name, RatchetPair pair) {
    corrupted.remove(name);
    remove(name);
    if (pair != null) {
      indexed.put(name, pair);
      add(name, pair.state2());
      add(name, pair.state1());
    }
  }

  /** Record {@code name} (at {@code file}) is corrupted: drop its states, remember the file. */
  synchronized void markCorrupted(String name, Path file) {
    remove(name);
    corrupted.put(name, file);
  }

  /** The corrupted record files, sorted by name. */
  synchronized List<Path> corrupted() {
    return List.copyOf(corrupted.values());
  }

  private void add(String name, RatchetState s) {
    if (s != null && !s.isZero()) {
      byFingerprint
          .computeIfAbsent(ByteBuffer.wrap(s.fingerprint()), k -> new LinkedHashMap<>())
          .put(name, s);
    }
  }

  private void remove(String name) {
    RatchetPair pair = indexed.remove(name);
    if (pair == null) {
      return;
    }
    for (RatchetState s : new RatchetState[] {pair.state1(), pair.state2()}) {
      if (s != null) {
        ByteBuffer key = ByteBuffer.wrap(s.fingerprint());
        Map<String, RatchetState> owners = byFingerprint.get(key);
        if (owners != null && owners.remove(name) != null && owners.isEmpty()) {
          byFingerprint.remove(key);
        }
      }
    }
  }
}
