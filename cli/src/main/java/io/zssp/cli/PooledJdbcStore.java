package io.zssp.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStore;
import io.zssp.api.RatchetStoreException;
import io.zssp.store.jdbc.JdbcRatchetStore;
import javax.sql.DataSource;

/**
 * {@code listen --store postgresql://}: a {@link JdbcRatchetStore} over a small HikariCP pool,
 * which {@link #close()} shuts. A new connection per store call cost 130–250 ms per handshake on
 * this project's machines (docs/FLEET.md); a held or pooled one 2.5–10 ms. The pool waits at most
 * {@value #BORROW_TIMEOUT_MILLIS} ms for a connection, so while the database is away a handshake
 * fails closed quickly (counted as {@code RATCHET_STORE}) instead of stalling the thread that runs
 * it. Thread-safe, as the store and the pool are.
 */
final class PooledJdbcStore implements RatchetStore, AutoCloseable {
  /** Enough for the receive thread plus a few handshake workers; the store calls are short. */
  static final int POOL_SIZE = 4;

  static final long BORROW_TIMEOUT_MILLIS = 2_000;

  private final HikariDataSource pool;
  private final RatchetStore store;

  private PooledJdbcStore(HikariDataSource pool, RatchetStore store) {
    this.pool = pool;
    this.store = store;
  }

  /**
   * A pool over {@code connections} (the driver's data source, credentials set) and the store on
   * it, its schema migrated if needed; the pool is closed again if the store cannot open.
   *
   * @throws RatchetStoreException if no connection can be made (the driver's exception as the
   *     cause) or the store cannot open
   * @throws IllegalArgumentException if the schema name is refused
   */
  static PooledJdbcStore open(DataSource connections, String schema, String poolName)
      throws RatchetStoreException {
    JdbcRatchetStore.builder(connections).schema(schema); // a refused name: before any connection
    HikariConfig config = new HikariConfig();
    config.setDataSource(connections);
    config.setPoolName(poolName);
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(BORROW_TIMEOUT_MILLIS);
    config.setInitializationFailTimeout(1); // one connection now, or the driver's reason why not
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      throw new RatchetStoreException(
          "cannot connect to the ratchet store's database",
          e.getCause() == null ? e : e.getCause());
    }
    boolean opened = false;
    try {
      RatchetStore store = JdbcRatchetStore.builder(pool).schema(schema).open();
      opened = true;
      return new PooledJdbcStore(pool, store);
    } finally {
      if (!opened) {
        pool.close();
      }
    }
  }

  @Override
  public RatchetPair load(byte[] peerStaticKey) throws RatchetStoreException {
    return store.load(peerStaticKey);
  }

  @Override
  public RatchetState findByFingerprint(byte[] fingerprint) throws RatchetStoreException {
    return store.findByFingerprint(fingerprint);
  }

  @Override
  public boolean compareAndSwap(byte[] peerStaticKey, RatchetPair expected, RatchetPair replacement)
      throws RatchetStoreException {
    return store.compareAndSwap(peerStaticKey, expected, replacement);
  }

  /** Closes the pool's connections. */
  @Override
  public void close() {
    pool.close();
  }
}
