package io.zssp.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.zssp.api.RatchetStoreException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** SQLException to RatchetStoreException, without row data (no server needed). */
class SqlErrorsTest {
  @Test
  void toStoreException_keepsFirstLineStateAndTrace_dropsDetailLines() {
    SQLException e =
        new SQLException(
            "ERROR: new row violates check constraint \"x\"\n  Detail: Failing row contains (\\xdead)",
            "23514",
            7);
    RatchetStoreException r = SqlErrors.toStoreException("ratchet load of peer 00", e);
    assertEquals(
        "ratchet load of peer 00 failed: constraint violation (SQLState 23514)", r.getMessage());
    SQLException cause = assertInstanceOf(RedactedSqlException.class, r.getCause());
    assertEquals(
        "java.sql.SQLException: ERROR: new row violates check constraint \"x\"",
        cause.getMessage());
    assertEquals("23514", cause.getSQLState());
    assertEquals(7, cause.getErrorCode());
    assertArrayEquals(e.getStackTrace(), cause.getStackTrace());
    assertFalse(String.valueOf(cause).contains("dead"));
  }

  @Test
  void redact_followsTheCauseChain_andKeepsIoCauses() {
    IOException io = new IOException("Connection refused");
    SQLException inner = new SQLException("ERROR: x\n  Detail: secret", "08001", 0, io);
    SQLTransientConnectionException pool =
        new SQLTransientConnectionException("pool timed out", "08001", inner);
    Throwable r = SqlErrors.redact(pool);
    assertEquals("java.sql.SQLTransientConnectionException: pool timed out", r.getMessage());
    assertEquals("java.sql.SQLException: ERROR: x", r.getCause().getMessage());
    assertSame(io, r.getCause().getCause());
    assertEquals("connection failure", SqlErrors.kind("08001"));
    assertEquals("database error", SqlErrors.kind(null));
  }
}
