package io.zssp.store.jdbc;

import static io.zssp.store.tck.StoreTestData.pair;
import static io.zssp.store.tck.StoreTestData.peer;
import static io.zssp.store.tck.StoreTestData.state;

import com.zaxxer.hikari.HikariDataSource;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * One racer of {@link JdbcRatchetStoreTwoProcessTest}, run in its own JVM: opens a store on the
 * given schema, prints {@code READY}, waits for a line on standard input, then for each round loads
 * a peer's pair and tries to advance it by compare-and-swap. Writes one line per win to the output
 * file ({@code W peer fromFingerprintHex toLabel toChainLength}) and a last line {@code DONE wins
 * conflicts}.
 *
 * <p>Arguments: schema, name (labels its states), peers, rounds, output file.
 */
final class CasRaceMain {
  private CasRaceMain() {}

  public static void main(String[] args) throws Exception {
    String schema = args[0];
    String name = args[1];
    int peers = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    Path out = Path.of(args[4]);
    try (HikariDataSource ds = PostgresTestServer.pool("zssp-race-" + name, 1, 10_000);
        PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
      JdbcRatchetStore store = JdbcRatchetStore.builder(ds).schema(schema).migrate(false).open();
      store.load(peer(0)); // warm the connection and the statements
      System.out.println("READY");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      int wins = 0;
      int conflicts = 0;
      HexFormat hex = HexFormat.of();
      for (int i = 0; i < rounds; i++) {
        int p = i % peers;
        RatchetPair seen = store.load(peer(p));
        String label = name + "/" + i;
        RatchetState next = state(label, seen.state1().chainLength() + 1);
        if (store.compareAndSwap(peer(p), seen, pair(next, seen.state1()))) {
          wins++;
          w.println(
              "W "
                  + p
                  + " "
                  + hex.formatHex(seen.state1().fingerprint())
                  + " "
                  + label
                  + " "
                  + next.chainLength());
        } else {
          conflicts++;
        }
      }
      w.println("DONE " + wins + " " + conflicts);
    }
  }
}
