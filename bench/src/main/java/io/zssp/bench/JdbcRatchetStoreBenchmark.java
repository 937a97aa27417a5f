package io.zssp.bench;

import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.store.jdbc.JdbcRatchetStore;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link JdbcRatchetStore} against a PostgreSQL server (ZSSP_PG_URL, ZSSP_PG_USER, ZSSP_PG_PASSWORD
 * as for the store-jdbc tests; default {@code jdbc:postgresql://127.0.0.1:5432/zssp_test} as {@code
 * zssp}): the latency of each store call, one call at a time on one held connection (a pool's cost
 * of lending it is not included), in a schema of its own with 1,000 peers stored. {@code
 * responderHandshake} is what a responder asks of the store for one full handshake: the fingerprint
 * lookup at X1, then at X3 the load and the compare-and-swap that commits the new ratchet (durably:
 * the commit waits for the WAL flush).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar JdbcRatchetStoreBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JdbcRatchetStoreBenchmark {
  private static final int PEERS = 1000;

  private Connection connection;
  private JdbcRatchetStore store;
  private String schema;
  private byte[][] peers;
  private RatchetPair[] current;
  private long counter;
  private int next;

  @Setup
  public void setup() throws Exception {
    String url = env("ZSSP_PG_URL", "jdbc:postgresql://127.0.0.1:5432/zssp_test");
    Properties p = new Properties();
    p.setProperty("user", env("ZSSP_PG_USER", "zssp"));
    String password = System.getenv("ZSSP_PG_PASSWORD");
    if (password != null) {
      p.setProperty("password", password);
    }
    connection = DriverManager.getConnection(url, p);
    schema = "bench_" + Long.toHexString(System.nanoTime());
    store = JdbcRatchetStore.builder(held(connection)).schema(schema).open();
    peers = new byte[PEERS][];
    current = new RatchetPair[PEERS];
    for (int i = 0; i < PEERS; i++) {
      peers[i] = Arrays.copyOf(sha256("peer-" + i), 49);
      peers[i][0] = 2;
      RatchetPair first = RatchetPair.of(state("s-" + i, 1), null);
      if (!store.compareAndSwap(peers[i], RatchetPair.INITIAL, first)) {
        throw new IllegalStateException("setup conflict");
      }
      current[i] = first;
    }
  }

  @TearDown
  public void tearDown() throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute("DROP SCHEMA \"" + schema + "\" CASCADE");
    }
    connection.close();
  }

  @Benchmark
  public RatchetPair load() throws Exception {
    return store.load(peers[nextPeer()]);
  }

  @Benchmark
  public RatchetState findByFingerprint() throws Exception {
    return store.findByFingerprint(current[nextPeer()].state1().fingerprint());
  }

  /** A successful swap: the peer's pair advances by one state (one committed UPDATE). */
  @Benchmark
  public boolean compareAndSwap() throws Exception {
    return advance(nextPeer());
  }

  /** A swap that loses (stale expected value): the UPDATE matches nothing, a read tells why. */
  @Benchmark
  public boolean compareAndSwapConflict() throws Exception {
    int i = nextPeer();
    return store.compareAndSwap(
        peers[i], RatchetPair.of(state("stale", 1), null), RatchetPair.of(state("x", 2), null));
  }

  /** X1's fingerprint lookup, X3's load and compare-and-swap: the store's part of a handshake. */
  @Benchmark
  public boolean responderHandshake() throws Exception {
    int i = nextPeer();
    if (store.findByFingerprint(current[i].state1().fingerprint()) == null) {
      throw new IllegalStateException("fingerprint not found");
    }
    store.load(peers[i]);
    return advance(i);
  }

  private boolean advance(int i) throws Exception {
    RatchetPair old = current[i];
    RatchetPair replacement =
        RatchetPair.of(state("n-" + (counter++), old.state1().chainLength() + 1), null);
    if (!store.compareAndSwap(peers[i], old, replacement)) {
      throw new IllegalStateException("unexpected conflict");
    }
    current[i] = replacement;
    return true;
  }

  private int nextPeer() {
    next = (next + 1) % PEERS;
    return next;
  }

  private static RatchetState state(String label, long chainLength) {
    return RatchetState.of(sha256("rk-" + label), sha256("rf-" + label), chainLength);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isEmpty() ? fallback : v;
  }

  /** A DataSource lending one held connection whose close() does nothing (one thread only). */
  static DataSource held(Connection c) {
    Connection lent =
        (Connection)
            Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("close")) {
                    return null;
                  }
                  try {
                    return method.invoke(c, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    return new DataSource() {
      @Override
      public Connection getConnection() {
        return lent;
      }

      @Override
      public Connection getConnection(String user, String password) {
        return lent;
      }

      @Override
      public PrintWriter getLogWriter() {
        return null;
      }

      @Override
      public void setLogWriter(PrintWriter out) {}

      @Override
      public void setLoginTimeout(int seconds) {}

      @Override
      public int getLoginTimeout() {
        return 0;
      }

      @Override
      public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
      }

      @Override
      public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
      }

      @Override
      public boolean isWrapperFor(Class<?> iface) {
        return false;
      }
    };
  }
}
