package io.zssp.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import io.zssp.testkit.VectorFiles;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every datagram of the canonical transcripts in {@code vectors/transcripts} (hash-checked by
 * {@link VectorFiles}), de-duplicated, in file and transcript order: real X1, X2, X3, C1, C2, D,
 * K1, K2, P and challenge datagrams of other sessions, at MTUs from 128 to 1500, which the targets
 * use as seeds.
 */
final class VectorDatagrams {
  static final List<String> TRANSCRIPTS =
      List.of(
          "basic",
          "challenge",
          "otp-persistent",
          "rejected",
          "rekey",
          "replay-and-garbage",
          "small-mtu");

  private static final List<byte[]> ALL = load();

  private VectorDatagrams() {}

  /** The datagrams (shared arrays: callers copy before changing one). */
  static List<byte[]> all() {
    return ALL;
  }

  private static List<byte[]> load() {
    Set<ByteBuffer> seen = new LinkedHashSet<>();
    for (String name : TRANSCRIPTS) {
      JsonNode t = VectorFiles.json("transcripts/" + name + ".json");
      for (JsonNode d : t.get("datagrams")) {
        seen.add(ByteBuffer.wrap(VectorFiles.hex(d, "hex")));
      }
    }
    List<byte[]> out = new ArrayList<>();
    for (ByteBuffer b : seen) {
      out.add(b.array());
    }
    return List.copyOf(out);
  }
}
