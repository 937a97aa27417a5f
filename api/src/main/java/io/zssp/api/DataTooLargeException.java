package io.zssp.api;

/** A payload exceeds 48·(MTU − 16) − 16 bytes; nothing was sent and no counter was used. */
public final class DataTooLargeException extends Exception {
  private static final long serialVersionUID = 1L;

  public DataTooLargeException(int length, int max) {
    super("payload of " + length + " bytes exceeds the maximum of " + max + " bytes at this MTU");
  }
}
