package io.zssp.engine;

import io.zssp.api.ContextConfig;
import io.zssp.api.ContextStats;
import io.zssp.api.DropReason;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Session;
import io.zssp.api.ZsspContext;
import io.zssp.conformance.bugs.ImplementationProbe;
import io.zssp.crypto.Aes256Block;
import io.zssp.crypto.P384PublicKey;
import io.zssp.wire.KeySet;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@link ImplementationProbe} for the engine. It lives in {@code io.zssp.engine} (in the
 * conformance module's test tree) to read package-private state; the conformance tests run on the
 * class path, where the split package is allowed. The suites are single-threaded, so fields are
 * read without the session's lock.
 *
 * <p>{@link #WITH_WORKERS} runs the responder's public-key work on a pool of two handshake workers
 * ({@link EngineLimits#handshakeWorkers()}); its contexts wait for the workers to be idle before a
 * call returns, so the single-threaded suites see the same order of events while every handshake
 * goes through the pool's thread hop, outbox and queue bookkeeping.
 */
public final class EngineProbe implements ImplementationProbe {
  public static final EngineProbe INSTANCE = new EngineProbe(false);
  public static final EngineProbe WITH_WORKERS = new EngineProbe(true);

  private final boolean workers;

  private EngineProbe(boolean workers) {
    this.workers = workers;
  }

  private static EngineContext context(ZsspContext ctx) {
    return ctx instanceof Settled ? ((Settled) ctx).inner : (EngineContext) ctx;
  }

  /** A context with workers whose calls return once the handshake work they queued is done. */
  private static final class Settled implements ZsspContext {
    final EngineContext inner;
    final BooleanSupplier settleNow;

    Settled(EngineContext inner, BooleanSupplier settleNow) {
      this.inner = inner;
      this.settleNow = settleNow;
    }

    private void settle() {
      if (!settleNow.getAsBoolean()) {
        return; // a race test holds a worker back on purpose
      }
      if (Thread.currentThread().getName().startsWith("zssp-handshake-")) {
        return; // a callback on a worker calling back in: its own task is still running
      }
      try {
        if (!inner.workers.awaitIdle(30_000)) {
          throw new AssertionError("handshake workers still busy after 30 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    @Override
    public Session open(P384PublicKey remoteStaticKey, PeerAddress to, OpenOptions options)
        throws RatchetStoreException {
      return inner.open(remoteStaticKey, to, options);
    }

    @Override
    public void receive(PeerAddress from, byte[] datagram, int off, int len) {
      inner.receive(from, datagram, off, len);
      settle();
    }

    @Override
    public void receive(PeerAddress from, ByteBuffer datagram) {
      inner.receive(from, datagram);
      settle();
    }

    @Override
    public long service() {
      long next = inner.service();
      settle();
      return next;
    }

    @Override
    public List<Session> sessions() {
      return inner.sessions();
    }

    @Override
    public Map<DropReason, Long> dropCounts() {
      return inner.dropCounts();
    }

    @Override
    public ContextStats stats() {
      return inner.stats();
    }

    @Override
    public void close() {
      inner.close();
      settle();
    }
  }

  private static EngineSession session(Session s) {
    return (EngineSession) s;
  }

  @Override
  public ZsspContext newContext(ContextConfig config) {
    if (!workers) {
      return EngineZssp.newContext(config);
    }
    EngineLimits limits = EngineLimits.builder().handshakeWorkers(2).build();
    return new Settled((EngineContext) EngineZssp.newContext(config, limits), () -> true);
  }

  /**
   * A context with two handshake workers whose calls wait for them only while {@code settleNow}
   * says so (race tests block a worker inside the ratchet store, then let it go).
   */
  public static ZsspContext newContextWithWorkers(ContextConfig config, BooleanSupplier settleNow) {
    EngineLimits limits = EngineLimits.builder().handshakeWorkers(2).build();
    return new Settled((EngineContext) EngineZssp.newContext(config, limits), settleNow);
  }

  /** Waits up to {@code millis} for the handshake workers of {@code ctx} to be idle. */
  public static boolean awaitIdle(ZsspContext ctx, long millis) throws InterruptedException {
    return context(ctx).workers.awaitIdle(millis);
  }

  @Override
  public ContextConfig config(ZsspContext ctx) {
    return context(ctx).config;
  }

  @Override
  public int halfOpenCount(ZsspContext ctx) {
    return context(ctx).halfOpenCount();
  }

  @Override
  public int helloCacheSize(ZsspContext ctx) {
    return context(ctx).helloCacheSize();
  }

  @Override
  public int newKid(ZsspContext ctx) {
    KidRegistry kids = context(ctx).kids;
    int kid = kids.allocate(KidRegistry.RESERVED);
    kids.release(kid, KidRegistry.RESERVED);
    return kid;
  }

  @Override
  public KeySet current(Session s) {
    return session(s).current;
  }

  @Override
  public KeySet other(Session s) {
    return session(s).other;
  }

  @Override
  public boolean otherIsNext(Session s) {
    return session(s).otherIsNext;
  }

  @Override
  public RatchetPair ratchet(Session s) {
    return session(s).ratchet;
  }

  @Override
  public long sendCounter(Session s) {
    return session(s).sendCounter;
  }

  @Override
  public Aes256Block hkRecv(Session s) {
    return session(s).hkRecv;
  }

  @Override
  public Aes256Block hkSend(Session s) {
    return session(s).hkSend;
  }

  @Override
  public void setIdentity(Session s, byte[] identity) {
    session(s).identity = identity;
  }

  @Override
  public int reassemblySize(Session s) {
    Reassembly r = session(s).fragments; // null when empty
    return r == null ? 0 : r.size();
  }

  @Override
  public long reassemblyBytes(Session s) {
    Reassembly r = session(s).fragments;
    return r == null ? 0 : r.bytes();
  }

  @Override
  public String mainSourceDirectory() {
    return "engine/src/main/java/io/zssp/engine";
  }

  @Override
  public String toString() {
    return workers ? "engine with handshake workers" : "engine";
  }
}
