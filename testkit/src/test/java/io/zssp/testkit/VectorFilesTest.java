package io.zssp.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vectors folder inside the repository: complete, pinned, and tamper-evident. */
class VectorFilesTest {
  /** Lines of SHA256SUMS that name files of the upstream collection we do not carry. */
  private static final Set<String> NOT_CARRIED = Set.of("README.md", "tools/validate_vectors.py");

  private static Map<String, String> publishedSums() throws IOException {
    Map<String, String> sums = new HashMap<>();
    for (String line :
        Files.readAllLines(VectorFiles.root().resolve("SHA256SUMS"), StandardCharsets.US_ASCII)) {
      String[] parts = line.trim().split("\\s+", 2);
      assertEquals(2, parts.length, "malformed SHA256SUMS line: " + line);
      String name = parts[1].startsWith("./") ? parts[1].substring(2) : parts[1];
      sums.put(name, parts[0]);
    }
    return sums;
  }

  @Test
  void root_isTheVectorsFolderOfThisRepository() {
    Path root = VectorFiles.root();
    assertEquals(VectorFiles.FOLDER, root.getFileName().toString());
    assertTrue(
        Files.isDirectory(root.resolveSibling(".mvn")), root + " is not at the repository root");
  }

  @Test
  void pinnedHashes_equalThePublishedSums_andEveryCarriedFileMatches() throws IOException {
    Map<String, String> published = publishedSums();
    Map<String, String> carried = new HashMap<>(published);
    carried.keySet().removeAll(NOT_CARRIED);
    assertEquals(carried, VectorFiles.PINNED_SHA256, "code pins and SHA256SUMS disagree");
    for (Map.Entry<String, String> e : carried.entrySet()) {
      byte[] data = Files.readAllBytes(VectorFiles.root().resolve(e.getKey()));
      assertEquals(e.getValue(), VectorFiles.sha256Hex(data), e.getKey());
      assertArrayEquals(data, VectorFiles.read(e.getKey()));
    }
  }

  @Test
  void noUnlistedFile_sitsInTheFolder() throws IOException {
    Set<String> allowed = new HashSet<>(VectorFiles.PINNED_SHA256.keySet());
    allowed.addAll(List.of("README.md", "SHA256SUMS"));
    Path root = VectorFiles.root();
    Set<String> present;
    try (Stream<Path> files = Files.walk(root)) {
      present =
          files
              .filter(Files::isRegularFile)
              .map(p -> root.relativize(p).toString().replace('\\', '/'))
              .collect(Collectors.toSet());
    }
    present.removeAll(allowed);
    assertEquals(Set.of(), present, "files in vectors/ that SHA256SUMS does not pin");
  }

  @Test
  void changedFile_failsLoudly(@TempDir Path copy) throws IOException {
    byte[] original = Files.readAllBytes(VectorFiles.root().resolve("kbkdf.json"));
    byte[] changed = original.clone();
    changed[changed.length / 2] ^= 1;
    Files.write(copy.resolve("kbkdf.json"), changed);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> VectorFiles.read(copy, "kbkdf.json"));
    assertTrue(e.getMessage().contains("kbkdf.json changed"), e.getMessage());

    Files.write(copy.resolve("kbkdf.json"), original);
    assertArrayEquals(original, VectorFiles.read(copy, "kbkdf.json"));
  }

  @Test
  void unpinnedName_isRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> VectorFiles.read("tools/validate_vectors.py"));
  }
}
