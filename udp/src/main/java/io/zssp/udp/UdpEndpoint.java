package io.zssp.udp;

import io.zssp.api.ContextConfig;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.ProtocolConstants;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Session;
import io.zssp.api.ZsspClock;
import io.zssp.api.ZsspContext;
import io.zssp.crypto.P384PublicKey;
import io.zssp.engine.EngineZssp;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * ZSSP over UDP: one {@link DatagramChannel} bound to a local address (IPv4, IPv6, or dual-stack
 * {@code ::} where the OS allows it) driving one {@link ZsspContext} of any implementation: the
 * engine ({@code io.zssp.engine.EngineZssp}) unless another is given.
 *
 * <p><b>Threading.</b> One daemon I/O thread, named {@code zssp-udp-<local address>}, waits in a
 * {@link Selector} until a datagram arrives or the context's next {@code service()} deadline
 * (capped by {@link UdpEndpointOptions#maxSleepMillis()}), then reads a bounded batch of datagrams
 * into one reused 65,535-byte buffer, hands each to {@code receive}, and calls {@code service()} to
 * run due timers and learn the next deadline. It is the only thread that calls {@code receive} and
 * {@code service}, so callbacks for received data and for timers run on it. The application may
 * call any method of this class, of {@link #context()} and of its sessions (e.g. {@code
 * Session.send}) from any thread, under the context's own threading rules (the engine runs sessions
 * in parallel and calls back with no lock held; the reference serializes every call with its
 * monitor); their callbacks, including the {@link io.zssp.api.DatagramSender} this endpoint
 * installs (which is thread-safe), run on the calling thread. A callback must not wait for the I/O
 * thread. Do not interrupt the I/O thread: it is private to the endpoint.
 *
 * <p><b>Ownership.</b> The endpoint owns the channel, the selector, the I/O thread and the context
 * it created; {@link #close()} releases all of them. The ratchet store and the static key stay the
 * application's.
 */
public final class UdpEndpoint implements AutoCloseable {
  /** Largest UDP payload read; longer datagrams are truncated by the OS and then fail to verify. */
  static final int MAX_DATAGRAM = ProtocolConstants.MAX_DATAGRAM_SIZE_IN_BYTES;

  /** Datagrams read per wake-up before timers are serviced again (fairness under load). */
  private static final int RECEIVE_BATCH = 64;

  /** Retry delay after {@code service()} threw. */
  private static final long SERVICE_RETRY_MILLIS = 50;

  private final DatagramChannel channel;
  private final Selector selector;
  private final InetSocketAddress localAddress;
  private final UdpEndpointOptions options;
  private final ZsspClock clock = ZsspClock.system();
  private final ZsspContext context;
  private final Thread ioThread;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final UdpEndpointCounters counters;

  /** What stopped the I/O thread for good, or null; written once, by the I/O thread. */
  private volatile Throwable failure;

  private UdpEndpoint(
      DatagramChannel channel,
      Selector selector,
      Function<ContextConfig, ZsspContext> implementation,
      ContextConfig.Builder config,
      UdpEndpointOptions options)
      throws IOException {
    this.channel = channel;
    this.selector = selector;
    this.localAddress = (InetSocketAddress) channel.getLocalAddress();
    this.options = options;
    this.counters = new UdpEndpointCounters(options.errorListener());
    config.sender(new UdpEndpointSender(channel, counters, closing::get)).clock(clock);
    this.context = Objects.requireNonNull(implementation.apply(config.build()), "context");
    this.ioThread = new Thread(this::run, "zssp-udp-" + localAddress);
    ioThread.setDaemon(true);
  }

  /** An endpoint on the engine, with {@link UdpEndpointOptions#DEFAULTS}. */
  public static UdpEndpoint start(InetSocketAddress bind, ContextConfig.Builder config)
      throws IOException {
    return start(bind, EngineZssp::newContext, config, UdpEndpointOptions.DEFAULTS);
  }

  /** An endpoint on the engine. */
  public static UdpEndpoint start(
      InetSocketAddress bind, ContextConfig.Builder config, UdpEndpointOptions options)
      throws IOException {
    return start(bind, EngineZssp::newContext, config, options);
  }

  /**
   * {@link #start(InetSocketAddress, Function, ContextConfig.Builder, UdpEndpointOptions)} with
   * {@link UdpEndpointOptions#DEFAULTS}.
   */
  public static UdpEndpoint start(
      InetSocketAddress bind,
      Function<ContextConfig, ZsspContext> implementation,
      ContextConfig.Builder config)
      throws IOException {
    return start(bind, implementation, config, UdpEndpointOptions.DEFAULTS);
  }

  /**
   * Binds a channel to {@code bind} (port 0: any free port), installs this endpoint's sender and
   * the system monotonic clock into {@code config} (replacing any set there), builds the context
   * with {@code implementation} ({@code EngineZssp::newContext} or {@code
   * ReferenceZssp::newContext}) and starts the I/O thread.
   *
   * @param config every other part of the context configuration; the builder is modified
   * @throws IOException if the socket cannot be opened or bound (nothing is left open)
   * @throws UnsupportedOperationException if the OS does not support {@code bind}'s family
   * @throws IllegalStateException if {@code config} misses a required part
   */
  public static UdpEndpoint start(
      InetSocketAddress bind,
      Function<ContextConfig, ZsspContext> implementation,
      ContextConfig.Builder config,
      UdpEndpointOptions options)
      throws IOException {
    Objects.requireNonNull(implementation, "implementation");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(options, "options");
    if (bind.isUnresolved()) {
      throw new IllegalArgumentException("unresolved bind address: " + bind);
    }
    ProtocolFamily family =
        bind.getAddress() instanceof Inet4Address
            ? StandardProtocolFamily.INET
            : StandardProtocolFamily.INET6;
    DatagramChannel channel = DatagramChannel.open(family);
    Selector selector = null;
    try {
      if (options.receiveBufferBytes() > 0) {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, options.receiveBufferBytes());
      }
      if (options.sendBufferBytes() > 0) {
        channel.setOption(StandardSocketOptions.SO_SNDBUF, options.sendBufferBytes());
      }
      channel.bind(bind);
      channel.configureBlocking(false);
      selector = Selector.open();
      channel.register(selector, SelectionKey.OP_READ);
      UdpEndpoint endpoint = new UdpEndpoint(channel, selector, implementation, config, options);
      endpoint.ioThread.start();
      return endpoint;
    } catch (IOException | RuntimeException | Error e) {
      closeQuietly(channel);
      closeQuietly(selector);
      throw e;
    }
  }

  /** The bound local address (with the actual port when bound to port 0). */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  /** The context this endpoint drives; thread-safe as its implementation states. */
  public ZsspContext context() {
    return context;
  }

  /**
   * Opens a session to {@code peer} at {@code to} (sends X1 from the calling thread) and wakes the
   * I/O thread so the new session's timers are scheduled at once.
   *
   * @throws RatchetStoreException if the peer's ratchet record cannot be read (nothing is sent)
   * @throws IllegalStateException if the endpoint is closed
   */
  public Session open(P384PublicKey peer, InetSocketAddress to, OpenOptions options)
      throws RatchetStoreException {
    if (closing.get()) {
      throw new IllegalStateException("endpoint is closed");
    }
    Session session = context.open(peer, PeerAddress.of(to), options);
    wakeup();
    return session;
  }

  /**
   * Makes the I/O thread call {@code service()} now and recompute its deadline. Call it after
   * calling into {@link #context()} from another thread in a way that may bring a timer forward;
   * otherwise the change is noticed within {@link UdpEndpointOptions#maxSleepMillis()}.
   */
  public void wakeup() {
    try {
      selector.wakeup();
    } catch (ClosedSelectorException ignored) {
      // closed: nothing to wake
    }
  }

  /** Whether the I/O thread is alive. */
  public boolean isRunning() {
    return ioThread.isAlive();
  }

  /**
   * The fatal error that stopped the I/O thread, or null: a {@link VirtualMachineError} (an {@link
   * OutOfMemoryError}, say) from the context or a callback, or anything else that escaped the loop.
   * Never deaf but alive: when it happens the endpoint closes itself (the port is released, every
   * session closed as far as the failure allows), reports the error to the {@link
   * UdpEndpointOptions#errorListener()}, and {@link #isRunning()} turns false. An application
   * should watch for it and exit or restart ({@code zssp listen} exits with status 1).
   */
  public Throwable failure() {
    return failure;
  }

  /** The transport counters (a snapshot). */
  public UdpEndpointStats stats() {
    return counters.snapshot();
  }

  /**
   * Graceful shutdown; idempotent. Stops reading (the I/O thread exits its loop and is joined for
   * up to {@link UdpEndpointOptions#closeTimeoutMillis()}), closes the context (every session
   * closes and its {@code SessionClosed} event is delivered on the calling thread), then closes the
   * channel. A second caller waits for the first to finish (bounded by the same timeout). Called
   * from a callback on the I/O thread, or while holding the context's monitor, it does not wait for
   * the I/O thread, which then stops as soon as the callback returns.
   */
  @Override
  public void close() {
    boolean mayWait = Thread.currentThread() != ioThread && !Thread.holdsLock(context);
    if (!closing.compareAndSet(false, true)) {
      if (mayWait) {
        awaitQuietly();
      }
      return;
    }
    try {
      wakeup();
      if (mayWait) {
        joinQuietly();
      }
      try {
        context.close();
      } catch (RuntimeException e) {
        counters.report(counters.contextFailures, e);
      }
    } finally {
      closeQuietly(channel);
      closeQuietly(selector);
      closed.countDown();
    }
  }

  @Override
  public String toString() {
    return "UdpEndpoint[" + localAddress + (closing.get() ? ", closed]" : "]");
  }

  // ---------------------------------------------------------------- I/O thread

  private void run() {
    try {
      loop();
    } catch (Throwable t) { // fatal: never leave the endpoint bound but deaf
      failure = t;
      try {
        counters.report(counters.contextFailures, t);
      } catch (Throwable ignored) {
        // the listener failed too (or memory is short): the failure is still recorded
      }
      try {
        close();
      } catch (Throwable ignored) {
        // close() released the channel and selector in its finally block
      }
    }
  }

  private void loop() {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
    long deadline = clock.nowMillis();
    while (!closing.get()) {
      Thread.interrupted(); // an interrupted channel operation would close the channel
      try {
        selector.select(sleepMillis(deadline, clock.nowMillis(), options.maxSleepMillis()));
        selector.selectedKeys().clear();
        receiveBatch(buffer);
      } catch (ClosedChannelException | ClosedSelectorException e) {
        break; // closed underneath the loop: by close(), or by an interrupt despite the above
      } catch (IOException e) {
        counters.report(counters.receiveErrors, e);
      }
      if (closing.get()) {
        break;
      }
      deadline = serviceOnce();
    }
  }

  private void receiveBatch(ByteBuffer buffer) throws IOException {
    for (int i = 0; i < RECEIVE_BATCH && !closing.get(); i++) {
      buffer.clear();
      SocketAddress from = channel.receive(buffer);
      if (from == null) {
        return;
      }
      counters.received.increment();
      try {
        context.receive(
            PeerAddress.of((InetSocketAddress) from), buffer.array(), 0, buffer.position());
      } catch (RuntimeException | Error e) {
        contextFailed(e);
      }
    }
  }

  /** How long to wait for {@code deadline} at {@code now}: 1 to {@code max} ms, overflow-safe. */
  static long sleepMillis(long deadline, long now, long max) {
    if (deadline <= now) {
      return 1;
    }
    long wait = deadline - now;
    return wait <= 0 || wait > max ? max : wait; // wait <= 0: the difference overflowed
  }

  private long serviceOnce() {
    try {
      return context.service();
    } catch (RuntimeException | Error e) {
      contextFailed(e);
      return clock.nowMillis() + SERVICE_RETRY_MILLIS;
    }
  }

  /**
   * Counts and reports, and the loop goes on; a VirtualMachineError is rethrown instead, and stops
   * the endpoint ({@link #failure()}).
   */
  private void contextFailed(Throwable t) {
    if (t instanceof VirtualMachineError) {
      throw (VirtualMachineError) t;
    }
    counters.report(counters.contextFailures, t);
  }

  // ---------------------------------------------------------------- helpers

  private void joinQuietly() {
    if (options.closeTimeoutMillis() == 0) {
      return; // join(0) would wait forever
    }
    try {
      ioThread.join(options.closeTimeoutMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitQuietly() {
    try {
      closed.await(options.closeTimeoutMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception ignored) {
      // closing: nothing useful to do with it
    }
  }
}
