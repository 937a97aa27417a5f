package io.zssp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.udp.KeyFiles;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The command as users run it: separate JVM processes for keygen, listen and connect over UDP
 * loopback, with exit codes checked. Every process is bounded in time and destroyed at the end.
 */
class ZsspProcessTest {
  @TempDir Path dir;

  /** How the separate JVM finds the command. */
  enum Launch {
    /** {@code java -cp … io.zssp.cli.Zssp}: every jar in the unnamed module. */
    CLASS_PATH,
    /** {@code java -p … -m io.zssp.cli/io.zssp.cli.Zssp}: named modules, exports enforced. */
    MODULE_PATH
  }

  /** The command's classes and its runtime dependencies, as the build resolved them. */
  private static String runtimePath() {
    try {
      Path target = Paths.get("target");
      String deps = Files.readString(target.resolve("runtime-path.txt")).trim();
      return target.resolve("classes").toAbsolutePath() + File.pathSeparator + deps;
    } catch (IOException e) {
      throw new UncheckedIOException("run the tests through Maven (target/runtime-path.txt)", e);
    }
  }

  static ProcessBuilder zssp(Launch launch, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    if (launch == Launch.MODULE_PATH) {
      cmd.addAll(
          List.of("--module-path", runtimePath(), "--module", "io.zssp.cli/io.zssp.cli.Zssp"));
    } else {
      cmd.addAll(List.of("-cp", runtimePath(), "io.zssp.cli.Zssp"));
    }
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true);
  }

  private static ProcessBuilder zssp(String... args) {
    return zssp(Launch.CLASS_PATH, args);
  }

  private static String runToEnd(ProcessBuilder pb, int expectedExit) throws Exception {
    Process p = pb.start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "process did not exit");
    assertEquals(expectedExit, p.exitValue(), output);
    return output;
  }

  /** A {@code zssp listen} process on 127.0.0.1 (any port), destroyed by {@link #close()}. */
  private static final class Listener implements AutoCloseable {
    final Process process;
    final String firstLine;
    final String target;
    final BufferedReader lines;

    Listener(Launch launch, Path key, String... options) throws Exception {
      List<String> args =
          new ArrayList<>(
              List.of("listen", "--port", "0", "--bind", "127.0.0.1", "--key", key.toString()));
      args.addAll(List.of(options));
      args.addAll(List.of("--max-seconds", "60"));
      process = zssp(launch, args.toArray(new String[0])).start();
      lines =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      firstLine = String.valueOf(lines.readLine());
      Matcher m = Pattern.compile("listening on /127\\.0\\.0\\.1:(\\d+) ").matcher(firstLine);
      assertTrue(m.find(), "listener said: " + firstLine);
      target = "127.0.0.1:" + m.group(1);
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private String keygen(Launch launch, String name) throws Exception {
    Path key = dir.resolve(name + ".key");
    runToEnd(zssp(launch, "keygen", "--out", key.toString()), 0);
    return key.toString();
  }

  @ParameterizedTest
  @EnumSource(Launch.class)
  void version_onClassPathAndModulePath(Launch launch) throws Exception {
    String out = runToEnd(zssp(launch, "--version"), 0);
    assertEquals("zssp " + Zssp.version(), out.trim());
    String unknown = runToEnd(zssp(launch, "frobnicate"), 2);
    assertTrue(unknown.contains("usage: zssp <command>"), unknown);
  }

  @ParameterizedTest
  @EnumSource(Launch.class)
  void keygenListenConnect_inSeparateProcesses(Launch launch) throws Exception {
    String bobKey = keygen(launch, "bob");
    String aliceKey = keygen(launch, "alice");
    try (Listener bob = new Listener(launch, Path.of(bobKey), "--echo")) {
      Matcher m =
          Pattern.compile(" as ([0-9a-f]{98}) \\(engine implementation\\)$").matcher(bob.firstLine);
      assertTrue(m.find(), "listener said: " + bob.firstLine);
      String bobHex = m.group(1);
      assertEquals(
          bobHex,
          KeyFiles.publicKeyHex(
              KeyFiles.readPublicKey(
                  Path.of(bobKey + ".pub"), DefaultCryptoProvider.create().p384())),
          "listener announces the key in bob.key.pub");

      String out =
          runToEnd(
              zssp(
                  launch,
                  "connect",
                  bob.target,
                  "--key",
                  aliceKey,
                  "--peer",
                  bobKey + ".pub",
                  "--count",
                  "200",
                  "--size",
                  "3000",
                  "--timeout",
                  "20"),
              0);
      assertTrue(out.contains("established"), out);
      assertTrue(out.contains("echoes: 200"), out);

      String text =
          runToEnd(
              zssp(
                  launch,
                  "connect",
                  bob.target,
                  "--key",
                  aliceKey,
                  "--peer",
                  bobHex,
                  "--send",
                  "hello over zssp"),
              0);
      assertTrue(text.contains("echoes: 1"), text);

      // A wrong peer key: the listener cannot decrypt X1, nothing answers, connect times out.
      String otherKey = keygen(launch, "other");
      String wrong =
          runToEnd(
              zssp(
                  launch,
                  "connect",
                  bob.target,
                  "--key",
                  aliceKey,
                  "--peer",
                  otherKey + ".pub",
                  "--timeout",
                  "2"),
              1);
      assertTrue(wrong.contains("no answer from"), wrong);
    }
  }

  /** SIGTERM ({@code Process.destroy}) and SIGINT close the listener before the JVM exits. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"TERM", "INT"})
  void signals_closeTheListenerGracefully(String signal) throws Exception {
    String bobKey = keygen(Launch.CLASS_PATH, "bob");
    String aliceKey = keygen(Launch.CLASS_PATH, "alice");
    try (Listener bob = new Listener(Launch.CLASS_PATH, Path.of(bobKey), "--echo")) {
      String out =
          runToEnd(
              zssp(
                  "connect",
                  bob.target,
                  "--key",
                  aliceKey,
                  "--peer",
                  bobKey + ".pub",
                  "--send",
                  "hi"),
              0);
      assertTrue(out.contains("echoes: 1"), out);
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(bob.process.pid())).start();
      assertEquals(0, kill.waitFor());
      assertTrue(bob.process.waitFor(10, TimeUnit.SECONDS), "the listener exits on SIG" + signal);
      String rest = new String(bob.process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(rest.contains("shutting down"), rest);
      assertTrue(rest.trim().endsWith("stopped"), "closed before the JVM halted: " + rest);
      assertEquals(128 + (signal.equals("TERM") ? 15 : 2), bob.process.exitValue());
    }
  }

  @Test
  void listenWithAllowAndChallenge_admitsListedPeerOnly() throws Exception {
    String bobKey = keygen(Launch.CLASS_PATH, "bob");
    String aliceKey = keygen(Launch.CLASS_PATH, "alice");
    String carolKey = keygen(Launch.CLASS_PATH, "carol");
    try (Listener bob =
        new Listener(
            Launch.CLASS_PATH,
            Path.of(bobKey),
            "--echo",
            "--allow",
            aliceKey + ".pub",
            "--challenge",
            "always")) {
      String ok =
          runToEnd(
              zssp(
                  "connect",
                  bob.target,
                  "--key",
                  aliceKey,
                  "--peer",
                  bobKey + ".pub",
                  "--send",
                  "through the challenge",
                  "--timeout",
                  "15"),
              0);
      assertTrue(ok.contains("challenge answered"), ok);
      assertTrue(ok.contains("echoes: 1"), ok);
      String refused =
          runToEnd(
              zssp(
                  "connect",
                  bob.target,
                  "--key",
                  carolKey,
                  "--peer",
                  bobKey + ".pub",
                  "--send",
                  "let me in",
                  "--timeout",
                  "15"),
              1);
      assertTrue(refused.contains("rejected"), refused);
    }
  }

  @Test
  void listenOnTheReference_connectOnTheEngine_interoperate() throws Exception {
    String bobKey = keygen(Launch.CLASS_PATH, "bob");
    String aliceKey = keygen(Launch.CLASS_PATH, "alice");
    try (Listener bob =
        new Listener(Launch.CLASS_PATH, Path.of(bobKey), "--echo", "--impl", "reference")) {
      assertTrue(bob.firstLine.endsWith("(reference implementation)"), bob.firstLine);
      String out =
          runToEnd(
              zssp(
                  "connect",
                  bob.target,
                  "--key",
                  aliceKey,
                  "--peer",
                  bobKey + ".pub",
                  "--count",
                  "100",
                  "--size",
                  "5000",
                  "--timeout",
                  "20"),
              0);
      assertTrue(out.contains("echoes: 100"), out);
    }
  }

  /**
   * A listener on the native provider (module path, as a user of the jars runs it) and a client on
   * the default one interoperate, and each says which provider runs.
   */
  @Test
  void listenOnNativeCrypto_connectOnDefaultCrypto_interoperate() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        io.zssp.crypto.accp.NativeCryptoProvider.isAvailable(), "native provider unavailable");
    String bobKey = keygen(Launch.MODULE_PATH, "bob");
    String aliceKey = keygen(Launch.CLASS_PATH, "alice");
    try (Listener bob =
        new Listener(Launch.MODULE_PATH, Path.of(bobKey), "--echo", "--crypto", "native")) {
      String out =
          runToEnd(
              zssp(
                  "connect",
                  bob.target,
                  "--key",
                  aliceKey,
                  "--peer",
                  bobKey + ".pub",
                  "--count",
                  "50",
                  "--size",
                  "3000",
                  "--crypto",
                  "default",
                  "--timeout",
                  "20"),
              0);
      assertTrue(out.contains("crypto: default (BouncyCastle P-384"), out);
      assertTrue(out.contains("echoes: 50"), out);
      String second = bob.lines.readLine();
      assertTrue(String.valueOf(second).startsWith("crypto: native (ACCP "), second);
    }
  }

  @Test
  void connect_unreachablePeer_timesOutWithExit1() throws Exception {
    Path key = dir.resolve("a.key");
    runToEnd(zssp("keygen", "--out", key.toString()), 0);
    String out =
        runToEnd(
            zssp(
                "connect",
                "127.0.0.1:9",
                "--key",
                key.toString(),
                "--peer",
                key + ".pub",
                "--timeout",
                "1"),
            1);
    assertTrue(out.contains("no answer from /127.0.0.1:9 within 1 s"), out);
  }

  @Test
  void badArguments_exit2_unreadableFiles_exit3() throws Exception {
    assertTrue(runToEnd(zssp("connect"), 2).contains("usage"));
    String out =
        runToEnd(
            zssp(
                "connect",
                "127.0.0.1:9",
                "--key",
                dir.resolve("nope.key").toString(),
                "--peer",
                "00"),
            3);
    assertTrue(out.contains("cannot read private key"), out);
  }
}
