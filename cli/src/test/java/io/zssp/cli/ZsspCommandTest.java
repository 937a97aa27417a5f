package io.zssp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.ChallengePolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command in-process: argument errors, keygen, the demo. */
class ZsspCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  private int run(String... argv) {
    outBytes.reset();
    errBytes.reset();
    return Zssp.run(
        argv,
        new PrintStream(outBytes, true, StandardCharsets.UTF_8),
        new PrintStream(errBytes, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void noArguments_printsUsage_exit2() {
    assertEquals(2, run());
    assertTrue(err().contains("usage: zssp"));
    assertEquals(0, run("--help"));
    assertTrue(out().contains("keygen"));
  }

  @Test
  void version_printsTheBuildVersion() {
    assertEquals(0, run("--version"));
    assertTrue(out().matches("zssp \\d+\\.\\d+\\.\\d+\\S*\\s*"), out());
    assertTrue(!out().contains("unknown") && !out().contains("${"), out());
  }

  @Test
  void badArguments_exit2_withClearMessages() {
    assertEquals(2, run("frobnicate"));
    assertTrue(err().contains("unknown command 'frobnicate'"), err());
    assertTrue(err().contains("usage: zssp <command>"), err());
    assertEquals("", out());
    assertEquals(2, run("keygen"));
    assertTrue(err().contains("missing required option --out"), err());
    assertEquals(2, run("listen", "--port", "99999", "--key", "k"));
    assertTrue(err().contains("--port must be between 0 and 65535"), err());
    assertEquals(2, run("listen", "--port", "x", "--key", "k"));
    assertTrue(err().contains("--port expects a number"), err());
    assertEquals(2, run("connect", "--key", "k", "--peer", "p"));
    assertTrue(err().contains("HOST:PORT"), err());
    assertEquals(
        2, run("connect", "127.0.0.1:1", "--key", "k", "--peer", "p", "--send", "x", "--stdin"));
    assertEquals(2, run("keygen", "--out"));
    assertTrue(err().contains("needs a value"), err());
  }

  @Test
  void challengeOption_parsesThePolicies_underLoadByDefault() throws Exception {
    assertEquals(ChallengePolicy.UNDER_LOAD, ListenCommand.challengePolicy(null));
    assertEquals(ChallengePolicy.ALWAYS, ListenCommand.challengePolicy("always"));
    assertEquals(ChallengePolicy.UNDER_LOAD, ListenCommand.challengePolicy("under-load"));
    assertEquals(ChallengePolicy.OFF, ListenCommand.challengePolicy("off"));
    CliException e =
        assertThrows(CliException.class, () -> ListenCommand.challengePolicy("sometimes"));
    assertEquals(2, e.exitCode);
    assertTrue(e.getMessage().contains("'always', 'under-load' or 'off'"), e.getMessage());
  }

  @Test
  void unresolvableHost_isAUsageError_exit2() {
    CliException e =
        assertThrows(CliException.class, () -> CliNode.parseAddress("no-such-host.invalid:9993"));
    assertEquals(2, e.exitCode, "as the README promises");
    assertTrue(e.getMessage().contains("cannot resolve host 'no-such-host.invalid'"));
  }

  @Test
  void ioErrors_sayWhatFailed_notJustThePath() {
    assertEquals(3, run("listen", "--port", "0", "--key", dir.resolve("missing.key").toString()));
    assertTrue(err().contains("missing.key: no such file"), err());
  }

  @Test
  void count_generatesMessagesOnDemand_withTheSameContentAsBefore() {
    ConnectCommand.Messages m = ConnectCommand.Messages.generated(10_000_000, 1200);
    assertEquals(10_000_000, m.count());
    byte[] last = m.get(9_999_999);
    assertEquals(9_999_999L, java.nio.ByteBuffer.wrap(last).getLong());
    assertEquals((byte) (8 * 31 + 9_999_999), last[8]);
    byte[] small = ConnectCommand.Messages.generated(3, 4).get(2);
    assertEquals(4, small.length); // shorter than the 8-byte index: its first bytes
    assertEquals(0, small[3]);
  }

  @Test
  void maxRatchetRecords_mustBePositive_exit2() {
    assertEquals(0, run("keygen", "--out", dir.resolve("k").toString()));
    assertEquals(
        2,
        run(
            "listen",
            "--port",
            "0",
            "--key",
            dir.resolve("k").toString(),
            "--max-ratchet-records",
            "0"));
    assertTrue(err().contains("max-ratchet-records"), err());
  }

  @Test
  void handshakeWorkers_needTheEngine_andAreBounded_exit2() {
    assertEquals(0, run("keygen", "--out", dir.resolve("k").toString()));
    String key = dir.resolve("k").toString();
    assertEquals(
        2,
        run(
            "listen",
            "--port",
            "0",
            "--key",
            key,
            "--impl",
            "reference",
            "--handshake-workers",
            "2"));
    assertTrue(err().contains("--handshake-workers needs the engine"), err());
    assertEquals(2, run("listen", "--port", "0", "--key", key, "--handshake-workers", "-1"));
    assertTrue(err().contains("handshake-workers"), err());
  }

  @Test
  void bench_fromTheJar_pointsToTheLauncher_exit2() {
    assertEquals(2, run("bench"));
    assertTrue(err().contains("from a source checkout, run ./zssp bench"), err());
    assertEquals(0, run("--help"));
    assertTrue(out().contains("./zssp bench"), out());
  }

  @Test
  void keygen_writesBothFiles_andRefusesToOverwrite() throws Exception {
    Path key = dir.resolve("node.key");
    assertEquals(0, run("keygen", "--out", key.toString()));
    assertTrue(Files.readString(key).contains("-----BEGIN PRIVATE KEY-----"));
    assertTrue(Files.readString(Path.of(key + ".pub")).contains("-----BEGIN PUBLIC KEY-----"));
    assertTrue(out().matches("(?s).*public key \\(hex\\): 0[23][0-9a-f]{96}\\s*"), out());
    assertEquals(3, run("keygen", "--out", key.toString()));
    assertEquals(0, run("keygen", "--out", key.toString(), "--force"));
  }

  @Test
  void unreadableKey_exit3() {
    assertEquals(3, run("listen", "--port", "0", "--key", dir.resolve("missing.key").toString()));
    assertTrue(err().contains("cannot read private key"), err());
  }

  @Test
  void demo_runsEndToEnd_exit0() {
    assertEquals(0, run("demo", "--rekeys", "1"), err() + out());
    assertTrue(out().contains("all checks passed"), out());
    assertTrue(out().contains("rekeys completed"), out());
    assertTrue(out().contains("ZSSP demo summary (engine implementation"), out());
  }

  @Test
  void demo_onTheReference_exit0() {
    assertEquals(0, run("demo", "--rekeys", "1", "--impl", "reference"), err() + out());
    assertTrue(out().contains("ZSSP demo summary (reference implementation"), out());
    assertTrue(out().contains("all checks passed"), out());
  }

  @Test
  void cryptoOption_autoByDefault_badValueExit2_defaultSaysWhatRuns() throws Exception {
    assertEquals(CryptoChoice.AUTO, CryptoChoice.parse(null));
    assertEquals(CryptoChoice.NATIVE, CryptoChoice.parse("native"));
    assertEquals(2, run("demo", "--crypto", "fast"));
    assertTrue(err().contains("--crypto must be 'default', 'native' or 'auto'"), err());
    CryptoChoice.Resolved d = CryptoChoice.DEFAULT.resolve();
    assertTrue(d.provider() instanceof io.zssp.crypto.DefaultCryptoProvider);
    assertEquals("crypto: default (BouncyCastle P-384, JDK AES-GCM)", d.line());
    CryptoChoice.Resolved auto = CryptoChoice.AUTO.resolve();
    boolean nativeHere = io.zssp.crypto.accp.NativeCryptoProvider.isAvailable();
    assertEquals(nativeHere, auto.line().startsWith("crypto: native (ACCP "), auto.line());
  }

  @Test
  void demo_onTheNativeProvider_printsWhichRuns_exit0() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        io.zssp.crypto.accp.NativeCryptoProvider.isAvailable(), "native provider unavailable");
    assertEquals(0, run("demo", "--rekeys", "1", "--crypto", "native"), err() + out());
    assertTrue(out().startsWith("crypto: native (ACCP "), out());
    assertTrue(out().contains("all checks passed"), out());
  }

  @Test
  void unknownImplementation_exit2() {
    assertEquals(2, run("demo", "--impl", "fast"));
    assertTrue(err().contains("--impl must be 'engine' or 'reference'"), err());
  }
}
