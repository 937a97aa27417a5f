package io.zssp.store.jdbc;

import static io.zssp.store.tck.StoreTestData.assertSameState;
import static io.zssp.store.tck.StoreTestData.peer;
import static io.zssp.store.tck.StoreTestData.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.store.tck.CasHistory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compare-and-swap from two JVM processes on the same peer records ({@link CasRaceMain}): every
 * expected value has exactly one winner, no update is lost, and the stored record is the end of the
 * one chain the winners built.
 */
@ExtendWith(PostgresTestServer.class)
class JdbcRatchetStoreTwoProcessTest {
  private static final int PEERS = 2;
  private static final int ROUNDS = 2000;
  private static final String[] NAMES = {"p1", "p2"};

  @TempDir Path tmp;
  private final String schema = PostgresTestServer.newSchema("race");

  @AfterEach
  void drop() throws Exception {
    PostgresTestServer.dropSchema(PostgresTestServer.sharedPool(), schema);
  }

  @Test
  void compareAndSwap_twoProcessesThousandsOfRounds_oneWinnerPerExpectedValue_noLostUpdate()
      throws Exception {
    JdbcRatchetStore store =
        JdbcRatchetStore.builder(PostgresTestServer.sharedPool()).schema(schema).open();
    List<Process> racers = new ArrayList<>();
    try {
      for (String name : NAMES) {
        racers.add(racer(name));
      }
      for (int i = 0; i < racers.size(); i++) {
        BufferedReader r =
            new BufferedReader(
                new InputStreamReader(racers.get(i).getInputStream(), StandardCharsets.UTF_8));
        assertEquals("READY", r.readLine(), "racer did not start: " + log(NAMES[i]));
      }
      for (Process p : racers) {
        OutputStream go = p.getOutputStream();
        go.write("GO\n".getBytes(StandardCharsets.US_ASCII));
        go.flush();
      }
      for (int i = 0; i < racers.size(); i++) {
        Process p = racers.get(i);
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "racer still running after 240 s");
        assertEquals(0, p.exitValue(), "racer failed: " + log(NAMES[i]));
      }
    } finally {
      for (Process p : racers) {
        p.destroyForcibly();
      }
    }

    CasHistory wins = new CasHistory();
    int conflicts = 0;
    int total = 0;
    HexFormat hex = HexFormat.of();
    for (String name : NAMES) {
      List<String> lines = Files.readAllLines(tmp.resolve(name + ".out"));
      String[] done = lines.get(lines.size() - 1).split(" ");
      assertEquals("DONE", done[0], name + " did not finish");
      assertEquals(ROUNDS, Integer.parseInt(done[1]) + Integer.parseInt(done[2]));
      conflicts += Integer.parseInt(done[2]);
      for (String line : lines.subList(0, lines.size() - 1)) {
        String[] f = line.split(" ");
        int peer = Integer.parseInt(f[1]);
        long chain = Long.parseLong(f[4]);
        RatchetState from = RatchetState.of(new byte[32], hex.parseHex(f[2]), chain - 1);
        wins.win(peer, from, state(f[3], chain));
        total++;
      }
    }
    assertTrue(conflicts > 0, "the two processes never collided: no race was tested");
    int chained = 0;
    for (int p = 0; p < PEERS; p++) {
      RatchetState last = wins.assertLinear(p);
      RatchetPair stored = store.load(peer(p));
      assertSameState(last, stored.state1());
      assertEquals(wins.count(p), stored.state1().chainLength(), "wins of peer " + p);
      chained += wins.count(p);
    }
    assertEquals(total, chained);
    System.out.printf(
        "two-process CAS: %d rounds, %d wins, %d conflicts%n", 2 * ROUNDS, total, conflicts);
  }

  private Process racer(String name) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx128m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(CasRaceMain.class.getName());
    cmd.add(schema);
    cmd.add(name);
    cmd.add(Integer.toString(PEERS));
    cmd.add(Integer.toString(ROUNDS));
    cmd.add(tmp.resolve(name + ".out").toString());
    return new ProcessBuilder(cmd).redirectError(tmp.resolve(name + ".log").toFile()).start();
  }

  private String log(String name) {
    Path f = tmp.resolve(name + ".log");
    try {
      return name + "'s log:\n" + (Files.exists(f) ? Files.readString(f) : "(none)");
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
