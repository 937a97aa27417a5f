package io.zssp.crypto.testing;

import io.zssp.testkit.Hex;
import io.zssp.testkit.VectorFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parser for NIST {@code PQCkemKAT_*.rsp} files: records of {@code count, seed, pk, sk, ct, ss}.
 */
public final class KatFile {
  /** One KAT record. */
  public record Entry(int count, byte[] seed, byte[] pk, byte[] sk, byte[] ct, byte[] ss) {}

  private KatFile() {}

  /** The records of {@code name}, a file below {@code vectors/}, in file order. */
  public static List<Entry> read(String name) {
    String text = new String(VectorFiles.read(name), StandardCharsets.US_ASCII);
    List<Entry> entries = new ArrayList<>();
    Map<String, String> fields = new HashMap<>();
    for (String raw : text.split("\n")) {
      String line = raw.trim();
      if (line.isEmpty() || line.startsWith("#")) {
        if (fields.containsKey("count")) {
          entries.add(toEntry(fields));
          fields.clear();
        }
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("malformed KAT line: " + line);
      }
      fields.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
    }
    if (fields.containsKey("count")) {
      entries.add(toEntry(fields));
    }
    return entries;
  }

  private static Entry toEntry(Map<String, String> f) {
    return new Entry(
        Integer.parseInt(f.get("count")),
        Hex.decode(f.get("seed")),
        Hex.decode(f.get("pk")),
        Hex.decode(f.get("sk")),
        Hex.decode(f.get("ct")),
        Hex.decode(f.get("ss")));
  }
}
