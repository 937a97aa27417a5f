package io.zssp.reference;

import io.zssp.api.ContextConfig;
import io.zssp.api.RatchetPair;
import io.zssp.api.Session;
import io.zssp.api.ZsspContext;
import io.zssp.conformance.bugs.ImplementationProbe;
import io.zssp.crypto.Aes256Block;
import io.zssp.wire.KeySet;

/**
 * {@link ImplementationProbe} for the reference implementation. It lives in {@code
 * io.zssp.reference} (in the conformance module's test tree) to read package-private state; the
 * conformance tests run on the class path, where the split package is allowed.
 */
public final class ReferenceProbe implements ImplementationProbe {
  public static final ReferenceProbe INSTANCE = new ReferenceProbe();

  private ReferenceProbe() {}

  private static ReferenceContext context(ZsspContext ctx) {
    return (ReferenceContext) ctx;
  }

  private static ReferenceSession session(Session s) {
    return (ReferenceSession) s;
  }

  @Override
  public ZsspContext newContext(ContextConfig config) {
    return ReferenceZssp.newContext(config);
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
    return context(ctx).newKid();
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
    return session(s).reassembler.size();
  }

  @Override
  public long reassemblyBytes(Session s) {
    return session(s).reassembler.bufferedBytes();
  }

  @Override
  public String mainSourceDirectory() {
    return "reference/src/main/java/io/zssp/reference";
  }

  @Override
  public String toString() {
    return "reference";
  }
}
