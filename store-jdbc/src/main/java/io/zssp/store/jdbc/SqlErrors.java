package io.zssp.store.jdbc;

import io.zssp.api.RatchetStoreException;
import java.sql.SQLException;

/**
 * Maps {@link SQLException}s to {@link RatchetStoreException}s whose message and cause chain hold
 * no row data. PostgreSQL's error details (the lines after the first of a driver's message, such as
 * "Failing row contains (…)") can quote a row, and a row holds ratchet keys, so the cause attached
 * is a {@link RedactedSqlException}: the original's class, first message line, SQLState, vendor
 * code and stack trace, with its cause chain redacted the same way. Stateless.
 */
final class SqlErrors {
  private SqlErrors() {}

  /** "{@code what} failed: {@code kind} (SQLState s)", caused by the redacted exception. */
  static RatchetStoreException toStoreException(String what, SQLException e) {
    String state = e.getSQLState();
    return new RatchetStoreException(
        what + " failed: " + kind(state) + " (SQLState " + state + ")", redact(e));
  }

  /** A copy of {@code e} (and of its cause chain) without anything after a message's first line. */
  static Throwable redact(Throwable e) {
    if (e == null || e instanceof RedactedSqlException) {
      return e;
    }
    if (!(e instanceof SQLException)) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException) {
        // A non-SQL wrapper around a driver error: keep the wrapper's type out, redact below.
        return redact(cause);
      }
      return e; // I/O and similar causes carry addresses, not rows.
    }
    SQLException s = (SQLException) e;
    RedactedSqlException copy =
        new RedactedSqlException(
            s.getClass().getName() + ": " + firstLine(s.getMessage()),
            s.getSQLState(),
            s.getErrorCode(),
            redact(s.getCause()));
    copy.setStackTrace(s.getStackTrace());
    return copy;
  }

  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** A short reading of the SQLState class for the message. */
  static String kind(String state) {
    if (state == null) {
      return "database error";
    }
    if (state.startsWith("08")) {
      return "connection failure";
    }
    if (state.equals("57014")) {
      return "statement timed out or was cancelled";
    }
    if (state.startsWith("57P")) {
      return "server shutting down or connection terminated";
    }
    if (state.equals("40001") || state.equals("40P01")) {
      return "transaction conflict (the store expects READ COMMITTED)";
    }
    if (state.startsWith("42")) {
      return "schema or privilege problem";
    }
    if (state.startsWith("23")) {
      return "constraint violation";
    }
    return "database error";
  }
}
