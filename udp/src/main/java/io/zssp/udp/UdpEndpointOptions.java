package io.zssp.udp;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Transport tuning of a {@link UdpEndpoint}: socket buffer sizes, the longest the I/O thread sleeps
 * between two {@code service()} calls, how long {@link UdpEndpoint#close()} waits for the I/O
 * thread, and where unexpected errors are reported. Immutable; build with {@link #builder()}.
 */
public final class UdpEndpointOptions {
  /** Defaults: 4 MiB receive and 1 MiB send buffer requests, 1 s sleep cap, 5 s close timeout. */
  public static final UdpEndpointOptions DEFAULTS = builder().build();

  private final int receiveBufferBytes;
  private final int sendBufferBytes;
  private final long maxSleepMillis;
  private final long closeTimeoutMillis;
  private final Consumer<Throwable> errorListener;

  private UdpEndpointOptions(Builder b) {
    this.receiveBufferBytes = b.receiveBufferBytes;
    this.sendBufferBytes = b.sendBufferBytes;
    this.maxSleepMillis = b.maxSleepMillis;
    this.closeTimeoutMillis = b.closeTimeoutMillis;
    this.errorListener = b.errorListener;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** SO_RCVBUF requested from the OS (which may cap it); 0 keeps the OS default. */
  public int receiveBufferBytes() {
    return receiveBufferBytes;
  }

  /** SO_SNDBUF requested from the OS (which may cap it); 0 keeps the OS default. */
  public int sendBufferBytes() {
    return sendBufferBytes;
  }

  /**
   * The longest the I/O thread waits before calling {@code service()} again, even if the context
   * asked for a later time. It bounds how late a deadline moved earlier by a call from another
   * thread is noticed when that caller does not use {@link UdpEndpoint#wakeup()}.
   */
  public long maxSleepMillis() {
    return maxSleepMillis;
  }

  /** How long {@link UdpEndpoint#close()} waits for the I/O thread to stop (0: not at all). */
  public long closeTimeoutMillis() {
    return closeTimeoutMillis;
  }

  /**
   * Receives every unexpected throwable the endpoint catches (from the context or a callback on the
   * I/O thread, from the socket). Runs on the thread that caught it; must return quickly; whatever
   * it throws is ignored. Default: ignore (the errors are still counted in {@link
   * UdpEndpointStats}).
   */
  public Consumer<Throwable> errorListener() {
    return errorListener;
  }

  /** Mutable builder; not thread-safe. */
  public static final class Builder {
    private int receiveBufferBytes = 4 << 20;
    private int sendBufferBytes = 1 << 20;
    private long maxSleepMillis = 1_000;
    private long closeTimeoutMillis = 5_000;
    private Consumer<Throwable> errorListener = t -> {};

    private Builder() {}

    /** At least 0 (0: OS default). */
    public Builder receiveBufferBytes(int bytes) {
      receiveBufferBytes = nonNegative("receiveBufferBytes", bytes);
      return this;
    }

    /** At least 0 (0: OS default). */
    public Builder sendBufferBytes(int bytes) {
      sendBufferBytes = nonNegative("sendBufferBytes", bytes);
      return this;
    }

    /** At least 1. */
    public Builder maxSleepMillis(long millis) {
      if (millis < 1) {
        throw new IllegalArgumentException("maxSleepMillis must be positive, got " + millis);
      }
      maxSleepMillis = millis;
      return this;
    }

    /** At least 0. */
    public Builder closeTimeoutMillis(long millis) {
      if (millis < 0) {
        throw new IllegalArgumentException("closeTimeoutMillis must be >= 0, got " + millis);
      }
      closeTimeoutMillis = millis;
      return this;
    }

    public Builder errorListener(Consumer<Throwable> listener) {
      errorListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public UdpEndpointOptions build() {
      return new UdpEndpointOptions(this);
    }

    private static int nonNegative(String name, int v) {
      if (v < 0) {
        throw new IllegalArgumentException(name + " must be >= 0, got " + v);
      }
      return v;
    }
  }
}
