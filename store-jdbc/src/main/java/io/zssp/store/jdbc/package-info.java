/**
 * {@link io.zssp.store.jdbc.JdbcRatchetStore}: ratchet records (ZSSP-SPEC §9) in a PostgreSQL
 * table, shared by every responder that uses the same database, with compare-and-swap done by one
 * conditional statement per write. The schema it creates and the statements it runs are in {@code
 * docs/STORE-JDBC.md}.
 *
 * <p>Thread-safety: a store is immutable after it is built and every method may be called from any
 * number of threads; each call borrows one connection from the caller's {@link
 * javax.sql.DataSource} and returns it before it returns.
 */
package io.zssp.store.jdbc;
