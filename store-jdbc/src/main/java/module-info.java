/**
 * A {@link io.zssp.api.RatchetStore} on PostgreSQL through JDBC, for responder fleets that share
 * ratchet state: {@link io.zssp.store.jdbc.JdbcRatchetStore}. It uses only {@code java.sql}; the
 * PostgreSQL driver is a dependency of the artifact but no module of it is required.
 */
module io.zssp.store.jdbc {
  requires transitive io.zssp.api;
  requires transitive java.sql;

  exports io.zssp.store.jdbc;
}
