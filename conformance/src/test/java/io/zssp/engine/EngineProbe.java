package io.zssp.engine;

import io.zssp.api.ContextConfig;
import io.zssp.api.RatchetPair;
import io.zssp.api.Session;
import io.zssp.api.ZsspContext;
import io.zssp.conformance.bugs.ImplementationProbe;
import io.zssp.crypto.Aes256Block;
import io.zssp.wire.KeySet;

/**
 * {@link ImplementationProbe} for the engine. It lives in {@code io.zssp.engine} (in the
 * conformance module's test tree) to read package-private state; the conformance tests run on the
 * class path, where the split package is allowed. The suites are single-threaded, so fields are
 * read without the session's lock.
 */
public final class EngineProbe implements ImplementationProbe {
  public static final EngineProbe INSTANCE = new EngineProbe();

  private EngineProbe() {}

  private static EngineContext context(ZsspContext ctx) {
    return (EngineContext) ctx;
  }

  private static EngineSession session(Session s) {
    return (EngineSession) s;
  }

  @Override
  public ZsspContext newContext(ContextConfig config) {
    return EngineZssp.newContext(config);
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
    return "engine";
  }
}
