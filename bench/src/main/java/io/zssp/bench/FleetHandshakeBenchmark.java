package io.zssp.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStore;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.store.jdbc.JdbcRatchetStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What a shared ratchet store adds to a full handshake (X1, X2, X3, C1, C2; the engine, both sides
 * on one thread, in memory), as a distribution per handshake ({@code SampleTime}: the median is
 * {@code p0.50}). Alice's records stay in memory; Bob's, the responder's, are in:
 *
 * <ul>
 *   <li>{@code memory}: {@link InMemoryRatchetStore}, the baseline;
 *   <li>{@code jdbc-held}: {@link JdbcRatchetStore} on one held connection (no pool cost);
 *   <li>{@code jdbc-pool}: on a HikariCP pool of 2 connections (what an embedding application would
 *       bring);
 *   <li>{@code jdbc-per-call}: on the driver's {@code PGSimpleDataSource}, a new connection for
 *       every store call (what {@code zssp listen --store postgresql://…} does today).
 * </ul>
 *
 * The server is {@code ZSSP_PG_URL} as {@code ZSSP_PG_USER} ({@code ZSSP_PG_PASSWORD} if any), as
 * for the store-jdbc tests; a schema of its own, dropped at the end. The store calls are counted
 * and timed, and printed at the end of each trial: calls per handshake, and the median time spent
 * inside the store per handshake (less exposed to a noisy machine than the difference of the two
 * medians, since the public-key work is not in it). Both static keys are new per trial; the record
 * advances once per handshake and once per rekey ({@code rekey}: a KK rekey started by Alice, Bob
 * the KK responder, on a session established at setup).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar FleetHandshakeBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class FleetHandshakeBenchmark {
  @Param({"memory", "jdbc-held", "jdbc-pool", "jdbc-per-call"})
  public String store;

  @Param({"native"})
  public String crypto;

  private ZsspPair pair;
  private Session rekeying;
  private Counting counting;
  private Connection admin;
  private Connection held;
  private HikariDataSource pool;
  private String schema;
  private long ops;
  private final long[] inStoreMicros = new long[1 << 20];

  @Setup(Level.Trial)
  public void setup() throws Exception {
    RatchetStore bobStore;
    if (store.equals("memory")) {
      bobStore = new InMemoryRatchetStore();
    } else {
      admin = DriverManager.getConnection(url(), properties());
      schema = "bench_fleet_" + Long.toHexString(System.nanoTime());
      bobStore = JdbcRatchetStore.builder(dataSource()).schema(schema).open();
    }
    counting = new Counting(bobStore);
    pair = new ZsspPair("engine", 1500, CryptoProviders.named(crypto), counting);
    rekeying = pair.handshake(1500);
    counting.reset();
  }

  private DataSource dataSource() throws Exception {
    switch (store) {
      case "jdbc-held":
        held = DriverManager.getConnection(url(), properties());
        return JdbcRatchetStoreBenchmark.held(held);
      case "jdbc-pool":
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url());
        c.setDataSourceProperties(properties());
        c.setMaximumPoolSize(2);
        c.setPoolName("bench-fleet");
        pool = new HikariDataSource(c);
        return pool;
      case "jdbc-per-call":
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url());
        ds.setUser(properties().getProperty("user"));
        String password = properties().getProperty("password");
        if (password != null) {
          ds.setPassword(password);
        }
        return ds;
      default:
        throw new IllegalArgumentException("store: " + store);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    // The time inside the store per operation, over the second half of the operations (the
    // first half holds the warmup).
    int n = (int) Math.min(ops, inStoreMicros.length);
    long[] late = Arrays.copyOfRange(inStoreMicros, n / 2, n);
    Arrays.sort(late);
    System.out.printf(
        "%nstore %s: %d operations; store calls per operation: findByFingerprint %.2f, load"
            + " %.2f, compareAndSwap %.2f; time inside the store per operation (last %d): median"
            + " %d us, p10 %d us, p90 %d us%n",
        store,
        ops,
        counting.finds.sum() / (double) ops,
        counting.loads.sum() / (double) ops,
        counting.swaps.sum() / (double) ops,
        late.length,
        late.length == 0 ? 0 : late[late.length / 2],
        late.length == 0 ? 0 : late[late.length / 10],
        late.length == 0 ? 0 : late[late.length * 9 / 10]);
    pair.alice.ctx.close();
    pair.bob.ctx.close();
    if (pool != null) {
      pool.close();
    }
    if (held != null) {
      held.close();
    }
    if (admin != null) {
      try (Statement st = admin.createStatement()) {
        st.execute("DROP SCHEMA \"" + schema + "\" CASCADE");
      }
      admin.close();
    }
  }

  /** One full handshake, Bob's store calls in it; both sessions closed after. */
  @Benchmark
  public SessionState fullHandshake() throws Exception {
    counting.inStore = 0;
    Session s = pair.handshake(1500);
    s.close();
    pair.bob.established.close();
    if (ops < inStoreMicros.length) {
      inStoreMicros[(int) ops] = counting.inStore / 1000;
    }
    ops++;
    return s.state();
  }

  /**
   * One KK rekey started by Alice's timer (K1, K2, C1, C2): Bob, the KK responder, writes the new
   * ratchet at K1 and confirms it at C1.
   */
  @Benchmark
  public SessionState rekey() {
    counting.inStore = 0;
    pair.now += 3_600_000; // past Alice's rekey deadline (at most an hour away)
    pair.alice.ctx.service(); // K1
    pair.deliverAll(); // K2, C1, C2
    if (rekeying.state() != SessionState.S2) {
      throw new IllegalStateException("rekey did not complete: " + rekeying.state());
    }
    if (ops < inStoreMicros.length) {
      inStoreMicros[(int) ops] = counting.inStore / 1000;
    }
    ops++;
    return rekeying.state();
  }

  private static String url() {
    return env("ZSSP_PG_URL", "jdbc:postgresql://127.0.0.1:5432/zssp_test");
  }

  private static Properties properties() {
    Properties p = new Properties();
    p.setProperty("user", env("ZSSP_PG_USER", "zssp"));
    String password = System.getenv("ZSSP_PG_PASSWORD");
    if (password != null) {
      p.setProperty("password", password);
    }
    return p;
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isEmpty() ? fallback : v;
  }

  /** A store that counts the calls it passes on. */
  static final class Counting implements RatchetStore {
    final RatchetStore delegate;
    final LongAdder loads = new LongAdder();
    final LongAdder finds = new LongAdder();
    final LongAdder swaps = new LongAdder();

    Counting(RatchetStore delegate) {
      this.delegate = delegate;
    }

    void reset() {
      loads.reset();
      finds.reset();
      swaps.reset();
    }

    /** Nanoseconds spent inside the store during the current handshake (one thread). */
    long inStore;

    @Override
    public RatchetPair load(byte[] peerStaticKey) throws RatchetStoreException {
      loads.increment();
      long t = System.nanoTime();
      try {
        return delegate.load(peerStaticKey);
      } finally {
        inStore += System.nanoTime() - t;
      }
    }

    @Override
    public RatchetState findByFingerprint(byte[] fingerprint) throws RatchetStoreException {
      finds.increment();
      long t = System.nanoTime();
      try {
        return delegate.findByFingerprint(fingerprint);
      } finally {
        inStore += System.nanoTime() - t;
      }
    }

    @Override
    public boolean compareAndSwap(
        byte[] peerStaticKey, RatchetPair expected, RatchetPair replacement)
        throws RatchetStoreException {
      swaps.increment();
      long t = System.nanoTime();
      try {
        return delegate.compareAndSwap(peerStaticKey, expected, replacement);
      } finally {
        inStore += System.nanoTime() - t;
      }
    }
  }
}
