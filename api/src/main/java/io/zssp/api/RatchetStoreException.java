package io.zssp.api;

/**
 * A transient failure of the ratchet store (I/O, a corrupted record). ZSSP reacts per the table of
 * ZSSP-SPEC §9.4 (drop and retry, or expire the session); it never treats a failure as "no record".
 */
public class RatchetStoreException extends Exception {
  private static final long serialVersionUID = 1L;

  public RatchetStoreException(String message) {
    super(message);
  }

  public RatchetStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
