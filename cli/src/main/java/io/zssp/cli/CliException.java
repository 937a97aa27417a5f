package io.zssp.cli;

/** A failure the {@code zssp} command reports as one line on stderr and an exit code. */
final class CliException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Success. */
  static final int OK = 0;

  /** The operation ran but failed (timeout, rejection, lost messages). */
  static final int FAILED = 1;

  /** Bad arguments. */
  static final int USAGE = 2;

  /** A file or key could not be read or written. */
  static final int IO = 3;

  final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  static CliException usage(String message) {
    return new CliException(USAGE, message);
  }
}
