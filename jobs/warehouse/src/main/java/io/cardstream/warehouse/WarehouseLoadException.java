package io.cardstream.warehouse;

/** A table load that failed; the message says which step and why (it is also the audit row's). */
public final class WarehouseLoadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public WarehouseLoadException(String message, Throwable cause) {
    super(message, cause);
  }

  public WarehouseLoadException(String message) {
    super(message);
  }
}
