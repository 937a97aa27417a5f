package io.zssp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Test fixture: runs {@code zssp} commands in this JVM and keeps the last one's output. */
final class CommandRunner {
  private final Path dir;
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  /** Key files go to {@code dir}. */
  CommandRunner(Path dir) {
    this.dir = dir;
  }

  /** Runs one command to its end; its exit code. */
  int run(String... argv) {
    outBytes.reset();
    errBytes.reset();
    return Zssp.run(
        argv,
        new PrintStream(outBytes, true, StandardCharsets.UTF_8),
        new PrintStream(errBytes, true, StandardCharsets.UTF_8));
  }

  String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  /** {@code zssp keygen} of {@code name}.key in the folder; the key file's path. */
  String keygen(String name) {
    String key = dir.resolve(name + ".key").toString();
    assertEquals(0, run("keygen", "--out", key), err());
    return key;
  }
}
