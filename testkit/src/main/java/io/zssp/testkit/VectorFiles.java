package io.zssp.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * Locates and reads the test vectors in the repository's {@code vectors/} folder, resolved from the
 * repository root (never from a Maven module's directory), and checks every file against a pinned
 * SHA-256 so that a changed vector file fails loudly instead of silently testing something else.
 *
 * <p>The repository root is the {@code zssp.repository.root} system property (the parent pom sets
 * it to {@code ${maven.multiModuleProjectDirectory}}); otherwise the first ancestor of the working
 * directory that holds both {@code .mvn/} and {@code vectors/SHA256SUMS}.
 */
public final class VectorFiles {
  /** The folder, relative to the repository root, that holds the vectors. */
  public static final String FOLDER = "vectors";

  /** SHA-256 of every vector file we read, as listed in vectors/SHA256SUMS. */
  static final Map<String, String> PINNED_SHA256 =
      Map.ofEntries(
          Map.entry(
              "kbkdf.json", "28d826c0e06ae2d5b4b43fb72f18254cfb5a875de32bd4edd9fa8340bb939581"),
          Map.entry(
              "p384.json", "7cb9499547ca3f50fe0072b4c6cce8d13ecfa07ed5efb76d100877eff8e08cad"),
          Map.entry(
              "kyber1024-r3/PQCkemKAT_3168.rsp",
              "cb2929e49e3a867f97d15085863aa93cdc6631fac76a90e25aa475e97a1019c5"),
          Map.entry(
              "ref-vs-perf.json",
              "92de75f1829560895d09b548a80753386d5b8a57fc45db64b77a5d6b525773a1"),
          Map.entry(
              "transcripts/basic.json",
              "3f667c3f7af7be3a4f37823933180b3798376469a8ca944c062838de596b39e6"),
          Map.entry(
              "transcripts/challenge.json",
              "3f06b92d9a0ae6b2fd81132917fdd7810f9bedfd54b4d7bc9cb8e6646f1f2fbb"),
          Map.entry(
              "transcripts/otp-persistent.json",
              "831d5e8fe596c798a68177c560501387da976495ebd4b9864d1e6c91ef219966"),
          Map.entry(
              "transcripts/rejected.json",
              "44332cc8710d079b8e6f6a74572be35e962ff2058daad696df08e8a667ca1831"),
          Map.entry(
              "transcripts/rekey.json",
              "ee35fe6f6abe8d85adaed9bc3c3b895ee4e9e7680455df73b8ff54096a8d46a3"),
          Map.entry(
              "transcripts/replay-and-garbage.json",
              "32bc23e5fb1c85335b8c454aed0d95117c462224d7520d5c13f9d800e3cb3fd6"),
          Map.entry(
              "transcripts/small-mtu.json",
              "79a35e4e47539370c25cb72e3c1f66a6fe528ffcd2d804f423fb36f6a25ccf96"));

  private static final ObjectMapper JSON = new ObjectMapper();

  private VectorFiles() {}

  /** The vectors directory. Throws with a helpful message if it cannot be found. */
  public static Path root() {
    String configured = System.getProperty("zssp.repository.root");
    if (configured != null && !configured.isEmpty()) {
      Path p = Paths.get(configured, FOLDER).toAbsolutePath().normalize();
      if (Files.isRegularFile(p.resolve("SHA256SUMS"))) {
        return p;
      }
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path p = dir.resolve(FOLDER);
      if (Files.isDirectory(dir.resolve(".mvn")) && Files.isRegularFile(p.resolve("SHA256SUMS"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "cannot find the vectors/ folder of the repository"
            + " (zssp.repository.root="
            + configured
            + ", user.dir="
            + System.getProperty("user.dir")
            + ")");
  }

  /**
   * Reads a vector file, verifying its pinned SHA-256. {@code name} is relative to {@link #root()}.
   */
  public static byte[] read(String name) {
    return read(root(), name);
  }

  /**
   * Reads {@code name} under {@code root}, verifying its pinned SHA-256 (package-private: tests).
   */
  static byte[] read(Path root, String name) {
    String pinned = PINNED_SHA256.get(name);
    if (pinned == null) {
      throw new IllegalArgumentException("no pinned hash for vector file " + name);
    }
    byte[] data;
    try {
      data = Files.readAllBytes(root.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read vector file " + name, e);
    }
    String actual = sha256Hex(data);
    if (!actual.equals(pinned)) {
      throw new IllegalStateException(
          "vector file " + name + " changed: sha256 " + actual + ", pinned " + pinned);
    }
    return data;
  }

  /** Reads and parses a JSON vector file (hash-checked). */
  public static JsonNode json(String name) {
    try {
      return JSON.readTree(read(name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse vector file " + name, e);
    }
  }

  /** Decodes the hex string in {@code node.get(field)}; fails if the field is absent. */
  public static byte[] hex(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing hex field '" + field + "'");
    }
    return Hex.decode(v.asText());
  }

  /** Lower-case hex SHA-256 of {@code data}. */
  static String sha256Hex(byte[] data) {
    return Hex.encode(sha256(data));
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
