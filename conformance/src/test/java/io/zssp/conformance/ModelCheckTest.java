package io.zssp.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the bounded model check of the handshake, rekey and ratchet persistence ({@code model/check
 * --ci} on {@code model/zssp.pml}, docs/MODEL.md) and requires it to pass. Skipped, with the
 * reason, when {@code spin} or {@code gcc} is not on the PATH, unless {@code ZSSP_REQUIRE_SPIN=1}
 * (CI sets it), which makes a missing tool a failure. Runs on the JUnit thread; owns the child
 * process and kills it on timeout.
 */
class ModelCheckTest {
  private static final long TIMEOUT_MINUTES = 15;

  @Test
  void boundedModelCheckPasses() throws IOException, InterruptedException {
    for (String tool : new String[] {"spin", "gcc"}) {
      if (!onPath(tool)) {
        String why = tool + " is not on the PATH (Debian: apt-get install spin gcc)";
        if ("1".equals(System.getenv("ZSSP_REQUIRE_SPIN"))) {
          fail(why + " (ZSSP_REQUIRE_SPIN=1: a missing tool fails)");
        }
        Assumptions.abort("skipped: " + why);
      }
    }
    Path script = repositoryRoot().resolve("model").resolve("check");
    assertTrue(Files.isRegularFile(script), "no " + script);
    Path output = Files.createTempFile("zssp-model-check", ".txt");
    try {
      Process p =
          new ProcessBuilder("bash", script.toString(), "--ci")
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      boolean done = p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      System.out.println(text);
      assertTrue(done, "model/check --ci did not finish in " + TIMEOUT_MINUTES + " min:\n" + text);
      assertEquals(0, p.exitValue(), "model/check --ci failed:\n" + text);
      assertTrue(text.contains(": PASS"), "no PASS line in:\n" + text);
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** The folder holding model/check: the working directory (the module) or one of its parents. */
  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("model").resolve("check"))) {
        return d;
      }
    }
    throw new AssertionError("model/check not found above " + dir);
  }
}
