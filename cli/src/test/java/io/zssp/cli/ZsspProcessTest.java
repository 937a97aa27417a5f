package io.zssp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.udp.KeyFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command as users run it: separate JVM processes for keygen, listen and connect over UDP
 * loopback, with exit codes checked. Every process is bounded in time and destroyed at the end.
 */
class ZsspProcessTest {
  @TempDir Path dir;

  private static String classpath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null ? cp : System.getProperty("java.class.path");
  }

  private static ProcessBuilder zssp(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(classpath());
    cmd.add("io.zssp.cli.Zssp");
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true);
  }

  private static String runToEnd(ProcessBuilder pb, int expectedExit) throws Exception {
    Process p = pb.start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "process did not exit");
    assertEquals(expectedExit, p.exitValue(), output);
    return output;
  }

  @Test
  void keygenListenConnect_inSeparateProcesses() throws Exception {
    Path bobKey = dir.resolve("bob.key");
    Path aliceKey = dir.resolve("alice.key");
    runToEnd(zssp("keygen", "--out", bobKey.toString()), 0);
    runToEnd(zssp("keygen", "--out", aliceKey.toString()), 0);
    Process listener = zssp("listen", "--port", "0", "--bind", "127.0.0.1", "--key",
        bobKey.toString(), "--echo", "--max-seconds", "60").start();
    try {
      BufferedReader lines = new BufferedReader(
          new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8));
      String first = lines.readLine();
      Matcher m = Pattern.compile("listening on /127\\.0\\.0\\.1:(\\d+) as ([0-9a-f]{98})")
          .matcher(first == null ? "" : first);
      assertTrue(m.find(), "listener said: " + first);
      String port = m.group(1);
      String bobHex = m.group(2);
      assertEquals(bobHex, KeyFiles.publicKeyHex(KeyFiles.readPublicKey(Path.of(bobKey + ".pub"),
          DefaultCryptoProvider.create().p384())), "listener announces the key in bob.key.pub");

      String out = runToEnd(zssp("connect", "127.0.0.1:" + port, "--key", aliceKey.toString(),
          "--peer", bobKey + ".pub", "--count", "200", "--size", "3000", "--timeout", "20"), 0);
      assertTrue(out.contains("established"), out);
      assertTrue(out.contains("echoes: 200"), out);

      String text = runToEnd(zssp("connect", "127.0.0.1:" + port, "--key", aliceKey.toString(),
          "--peer", bobHex, "--send", "hello over zssp"), 0);
      assertTrue(text.contains("echoes: 1"), text);

      // A wrong peer key: the listener cannot decrypt X1, nothing answers, connect times out.
      Path otherKey = dir.resolve("other.key");
      runToEnd(zssp("keygen", "--out", otherKey.toString()), 0);
      String wrong = runToEnd(zssp("connect", "127.0.0.1:" + port, "--key", aliceKey.toString(),
          "--peer", otherKey + ".pub", "--timeout", "2"), 1);
      assertTrue(wrong.contains("no answer from"), wrong);
    } finally {
      listener.destroy();
      if (!listener.waitFor(10, TimeUnit.SECONDS)) {
        listener.destroyForcibly();
      }
    }
  }

  @Test
  void listenWithAllowAndChallenge_admitsListedPeerOnly() throws Exception {
    Path bobKey = dir.resolve("bob.key");
    Path aliceKey = dir.resolve("alice.key");
    Path carolKey = dir.resolve("carol.key");
    for (Path k : List.of(bobKey, aliceKey, carolKey)) {
      runToEnd(zssp("keygen", "--out", k.toString()), 0);
    }
    Process listener = zssp("listen", "--port", "0", "--bind", "127.0.0.1", "--key",
        bobKey.toString(), "--echo", "--allow", aliceKey + ".pub", "--challenge",
        "--max-seconds", "60").redirectErrorStream(true).start();
    try {
      BufferedReader lines = new BufferedReader(
          new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8));
      Matcher m = Pattern.compile("listening on /127\\.0\\.0\\.1:(\\d+) ")
          .matcher(String.valueOf(lines.readLine()));
      assertTrue(m.find());
      String target = "127.0.0.1:" + m.group(1);
      String ok = runToEnd(zssp("connect", target, "--key", aliceKey.toString(), "--peer",
          bobKey + ".pub", "--send", "through the challenge", "--timeout", "15"), 0);
      assertTrue(ok.contains("challenge answered"), ok);
      assertTrue(ok.contains("echoes: 1"), ok);
      String refused = runToEnd(zssp("connect", target, "--key", carolKey.toString(), "--peer",
          bobKey + ".pub", "--send", "let me in", "--timeout", "15"), 1);
      assertTrue(refused.contains("rejected"), refused);
    } finally {
      listener.destroy();
      if (!listener.waitFor(10, TimeUnit.SECONDS)) {
        listener.destroyForcibly();
      }
    }
  }

  @Test
  void connect_unreachablePeer_timesOutWithExit1() throws Exception {
    Path key = dir.resolve("a.key");
    runToEnd(zssp("keygen", "--out", key.toString()), 0);
    String out = runToEnd(zssp("connect", "127.0.0.1:9", "--key", key.toString(), "--peer",
        key + ".pub", "--timeout", "1"), 1);
    assertTrue(out.contains("no answer from /127.0.0.1:9 within 1 s"), out);
  }

  @Test
  void badArguments_exit2_unreadableFiles_exit3() throws Exception {
    assertTrue(runToEnd(zssp("connect"), 2).contains("usage"));
    String out = runToEnd(zssp("connect", "127.0.0.1:9", "--key",
        dir.resolve("nope.key").toString(), "--peer", "00"), 3);
    assertTrue(out.contains("cannot read private key"), out);
  }
}
