package io.zssp.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.FastThreadLocal;
import io.zssp.api.ContextConfig;
import io.zssp.api.DataTooLargeException;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Session;
import io.zssp.api.ZsspClock;
import io.zssp.api.ZsspContext;
import io.zssp.crypto.P384PublicKey;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One ZSSP context served by one or more Netty datagram channels: it builds the context with its
 * own {@link io.zssp.api.DatagramSender} and {@link io.zssp.api.ZsspApplication}, hands out a
 * {@link ZsspDatagramHandler} for each channel's pipeline ({@link #newHandler()}), runs {@code
 * service()} on an event loop at the deadline the context asks for, and owns the context ({@link
 * #close()}).
 *
 * <p><b>Which channel sends.</b> Every channel of a transport is bound to the same local address
 * and port (by {@link ZsspBootstrap}, with {@code SO_REUSEPORT}), so the peer sees the same source
 * whichever sends. A datagram the context produces during a call made on a channel's event loop
 * (receive, timers, a write to that pipeline) goes out through that channel, written at once and
 * flushed when the call's batch ends (no thread hop, and replies leave through the socket the
 * request came in on). One produced on any other thread (an {@link #open}, a {@link Session#send}
 * from an application thread, a handshake worker) goes through the channel the peer's address
 * hashes to, so one peer's datagrams from other threads keep their order in one channel's queue. A
 * channel that is not writable (its outbound buffer is above the high water mark) refuses the
 * datagram: the context counts it as {@code SEND_FAILED} and its own resend timers cover the loss.
 *
 * <p><b>Threading.</b> All methods may be called from any thread. A transport with more than one
 * channel calls its context from several event loops at once, so the context must be thread-safe
 * (see {@link Builder#threadSafeContext}); otherwise a second channel is refused. The {@link
 * SessionAcceptor} runs on the thread that processes the handshake.
 *
 * <p><b>Errors.</b> Exceptions from the context or a callback never escape into Netty unnoticed:
 * they are fired as {@code exceptionCaught} into the pipeline of the channel concerned (where the
 * last handler, or Netty's tail, reports them) and the channel goes on. A {@link
 * VirtualMachineError} is fatal: it is recorded ({@link #failure()}), fired into every pipeline,
 * and the transport closes itself with its channels.
 */
public final class ZsspTransport implements AutoCloseable {
  /** The handler whose event-loop call is running on this thread (null outside such calls). */
  private static final FastThreadLocal<ZsspDatagramHandler> CURRENT = new FastThreadLocal<>();

  /** When {@code service()} threw, try again after this long. */
  private static final long SERVICE_RETRY_MILLIS = 50;

  private final ZsspContext context;
  private final ZsspClock clock;
  private final boolean threadSafe;
  private final ServiceTimer timer;
  private final CopyOnWriteArrayList<ZsspDatagramHandler> handlers = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Throwable failure;

  private ZsspTransport(Builder b) {
    ContextConfig config =
        b.config
            .sender(this::sendDatagram)
            .application(new PipelineApplication(this, b.acceptor))
            .build();
    this.clock = config.clock();
    this.context = Objects.requireNonNull(b.implementation.apply(config), "context");
    this.threadSafe =
        b.threadSafe != null
            ? b.threadSafe
            : context.getClass().getName().startsWith("io.zssp.engine.");
    this.timer = new ServiceTimer(this, clock, b.maxServiceIntervalMillis);
  }

  /**
   * A builder for a transport whose context {@code implementation} ({@code EngineZssp::newContext}
   * or {@code ReferenceZssp::newContext}) builds from {@code config}. The transport installs its
   * own sender and application into {@code config}, replacing any set there; every other part
   * (crypto, static key, ratchet store, clock, settings) is the caller's.
   */
  public static Builder builder(
      Function<ContextConfig, ZsspContext> implementation, ContextConfig.Builder config) {
    return new Builder(implementation, config);
  }

  /** The context this transport drives; thread-safe as its implementation states. */
  public ZsspContext context() {
    return context;
  }

  /** Whether this transport accepts more than one channel (its context is thread-safe). */
  public boolean isThreadSafe() {
    return threadSafe;
  }

  /**
   * A new handler for one channel's pipeline, to be placed before the handlers that read {@link
   * ZsspMessage}s. Each channel needs its own (it is not {@code @Sharable}).
   */
  public ZsspDatagramHandler newHandler() {
    return new ZsspDatagramHandler(this);
  }

  /**
   * Opens a session to {@code peer} at {@code to}: sends X1 (through the channel {@code to} hashes
   * to) and schedules the session's timers. Any thread.
   *
   * @throws RatchetStoreException if the peer's ratchet record cannot be read (nothing is sent)
   * @throws IllegalStateException if the transport is closed
   */
  public Session open(P384PublicKey peer, InetSocketAddress to, OpenOptions options)
      throws RatchetStoreException {
    if (closed.get()) {
      throw new IllegalStateException("transport is closed");
    }
    Session session = context.open(peer, PeerAddress.of(to), options);
    timer.request(clock.nowMillis()); // the new session's resend timer: service() soon
    return session;
  }

  /** The fatal error that closed this transport, or null. */
  public Throwable failure() {
    return failure;
  }

  /** Whether {@link #close()} ran (or a fatal error closed the transport). */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Closes the context (every session closes; the {@code SessionClosed} events reach the pipelines
   * while their channels are still open), stops the timer, then closes every channel of this
   * transport. Idempotent; any thread.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      context.close();
    } catch (RuntimeException | Error e) {
      report(null, e);
    } finally {
      timer.stop();
      for (ZsspDatagramHandler h : handlers) {
        h.closeChannel();
      }
    }
  }

  @Override
  public String toString() {
    return "ZsspTransport[" + handlers.size() + " channels" + (closed.get() ? ", closed]" : "]");
  }

  // ---------------------------------------------------------------- handlers (package-private)

  void attach(ZsspDatagramHandler h) {
    synchronized (handlers) {
      if (closed.get()) {
        throw new IllegalStateException("transport is closed");
      }
      if (!threadSafe && !handlers.isEmpty()) {
        throw new IllegalStateException(
            "a context shared by several channels must be thread-safe (the engine, or declared"
                + " with threadSafeContext(true)); "
                + context.getClass().getName()
                + " serves one channel");
      }
      handlers.add(h);
    }
    timer.attached(h);
  }

  void detach(ZsspDatagramHandler h) {
    if (handlers.remove(h)) {
      timer.detached(h, handlerFor(null));
    }
  }

  /** {@code receive} of one datagram on {@code h}'s event loop; the buffer is not released. */
  void receive(ZsspDatagramHandler h, PeerAddress from, ByteBuf content) {
    ZsspDatagramHandler previous = enter(h);
    try {
      if (content.hasArray()) {
        context.receive(
            from,
            content.array(),
            content.arrayOffset() + content.readerIndex(),
            content.readableBytes());
      } else {
        context.receive(from, content.nioBuffer());
      }
    } catch (RuntimeException | Error e) {
      failed(h, e);
    } finally {
      CURRENT.set(previous);
    }
  }

  /**
   * Sends {@code msg}'s readable bytes on its session from {@code h}'s event loop, then releases
   * it; the datagrams are written but not flushed.
   */
  void send(ZsspDatagramHandler h, ZsspMessage msg, ChannelPromise promise) {
    ZsspDatagramHandler previous = enter(h);
    try {
      ByteBuf content = msg.content();
      Session session = msg.session();
      if (content.hasArray()) {
        session.send(
            content.array(),
            content.arrayOffset() + content.readerIndex(),
            content.readableBytes());
      } else {
        session.send(content.nioBuffer());
      }
      promise.trySuccess();
    } catch (DataTooLargeException | RuntimeException e) {
      promise.tryFailure(e); // the application's mistake (size, state): its promise says so
    } catch (Error e) {
      promise.tryFailure(e);
      failed(h, e);
    } finally {
      CURRENT.set(previous);
      msg.release();
    }
  }

  /** {@code service()} on {@code h}'s event loop; re-arms the timer with the next deadline. */
  void service(ZsspDatagramHandler h) {
    ZsspDatagramHandler previous = enter(h);
    long next;
    try {
      next = context.service();
    } catch (RuntimeException | Error e) {
      failed(h, e);
      next = clock.nowMillis() + SERVICE_RETRY_MILLIS;
    } finally {
      CURRENT.set(previous);
    }
    h.flushIfPending();
    timer.request(next);
  }

  private static ZsspDatagramHandler enter(ZsspDatagramHandler h) {
    ZsspDatagramHandler previous = CURRENT.get();
    CURRENT.set(h);
    return previous;
  }

  /** The handler whose event-loop call runs on this thread, if it is one of this transport's. */
  ZsspDatagramHandler current() {
    ZsspDatagramHandler h = CURRENT.get();
    return h != null && h.transport() == this ? h : null;
  }

  /** The handler that serves {@code peer} from other threads: a stable hash over the channels. */
  ZsspDatagramHandler handlerFor(PeerAddress peer) {
    Object[] all = handlers.toArray();
    if (all.length == 0) {
      return null;
    }
    int i = peer == null ? 0 : Math.floorMod(peer.hashCode(), all.length);
    return (ZsspDatagramHandler) all[i];
  }

  /** The context's sender: see the class documentation for which channel sends. */
  private boolean sendDatagram(PeerAddress to, byte[] datagram, int off, int len) {
    ZsspDatagramHandler h = current();
    if (h != null) {
      return h.sendDatagram(to, datagram, off, len, true);
    }
    h = handlerFor(to);
    return h != null && h.sendDatagram(to, datagram, off, len, false);
  }

  // ---------------------------------------------------------------- errors

  /** A failure in a call made for {@code h} (null: no channel in particular). */
  void failed(ZsspDatagramHandler h, Throwable t) {
    if (t instanceof VirtualMachineError) {
      fatal(t);
    } else {
      report(h, t);
    }
  }

  /** Fires {@code t} into {@code h}'s pipeline (or the first channel's); the channel goes on. */
  void report(ZsspDatagramHandler h, Throwable t) {
    ZsspDatagramHandler target = h != null ? h : handlerFor(null);
    if (target != null) {
      target.fireException(t);
    }
  }

  private void fatal(Throwable t) {
    if (failure == null) {
      failure = t;
    }
    for (ZsspDatagramHandler h : handlers) {
      h.fireException(t);
    }
    close();
  }

  /** Builder; not thread-safe. */
  public static final class Builder {
    private final Function<ContextConfig, ZsspContext> implementation;
    private final ContextConfig.Builder config;
    private SessionAcceptor acceptor = SessionAcceptor.rejectAll();
    private Boolean threadSafe;
    private long maxServiceIntervalMillis = 1_000;

    private Builder(
        Function<ContextConfig, ZsspContext> implementation, ContextConfig.Builder config) {
      this.implementation = Objects.requireNonNull(implementation, "implementation");
      this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Who may open sessions to this side. Default {@link SessionAcceptor#rejectAll()}: a client
     * that only opens sessions; a server sets its policy here.
     */
    public Builder acceptor(SessionAcceptor acceptor) {
      this.acceptor = Objects.requireNonNull(acceptor, "acceptor");
      return this;
    }

    /**
     * Whether the context may be called from several event loops at once, i.e. whether the
     * transport accepts more than one channel. By default true for the engine (its classes are
     * recognised by their package, {@code io.zssp.engine}) and false for anything else, the
     * reference implementation included: it is correct there but serializes every call on one lock,
     * so several channels would only wait for each other. Declare true for a thread-safe context
     * that is not recognised (a wrapper around the engine, say).
     */
    public Builder threadSafeContext(boolean threadSafe) {
      this.threadSafe = threadSafe;
      return this;
    }

    /**
     * The longest time between two {@code service()} calls (default 1,000 ms, the default resend
     * interval): a receive on another event loop may create a deadline the timer does not know.
     */
    public Builder maxServiceIntervalMillis(long millis) {
      if (millis < 1) {
        throw new IllegalArgumentException(
            "maxServiceIntervalMillis must be positive, got " + millis);
      }
      this.maxServiceIntervalMillis = millis;
      return this;
    }

    /**
     * Builds the context and the transport (no channel yet).
     *
     * @throws IllegalStateException if the configuration misses a required part
     */
    public ZsspTransport build() {
      return new ZsspTransport(this);
    }
  }

  /** For tests and diagnostics: the handlers attached now. */
  List<ZsspDatagramHandler> handlers() {
    return List.copyOf(handlers);
  }
}
