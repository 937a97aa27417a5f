package io.zssp.store.jdbc;

import java.sql.SQLException;

/**
 * The cause attached to a {@link io.zssp.api.RatchetStoreException}: a driver's {@link
 * SQLException} reduced to its class name, first message line, SQLState and vendor code, with the
 * original stack trace (see {@link SqlErrors}).
 */
final class RedactedSqlException extends SQLException {
  private static final long serialVersionUID = 1L;

  RedactedSqlException(String message, String sqlState, int vendorCode, Throwable cause) {
    super(message, sqlState, vendorCode, cause);
  }
}
