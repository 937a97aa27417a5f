package io.zssp.engine;

import io.zssp.api.ContextConfig;
import io.zssp.api.Session;
import io.zssp.api.ZsspContext;
import io.zssp.fuzz.FieldDigest;
import io.zssp.fuzz.FuzzProbe;
import io.zssp.fuzz.Reflect;
import io.zssp.fuzz.SessionView;
import io.zssp.wire.KeySet;

/**
 * {@link FuzzProbe} for the engine, in {@code io.zssp.engine} (this module's test tree, on the
 * class path) to read package-private state.
 */
public final class EngineFuzzProbe implements FuzzProbe {
  public static final EngineFuzzProbe INSTANCE = new EngineFuzzProbe();

  private EngineFuzzProbe() {}

  @Override
  public ZsspContext newContext(ContextConfig config) {
    return EngineZssp.newContext(config);
  }

  @Override
  public int halfOpenCount(ZsspContext ctx) {
    return ((EngineContext) ctx).halfOpenCount();
  }

  @Override
  public int helloCacheSize(ZsspContext ctx) {
    return ((EngineContext) ctx).helloCacheSize();
  }

  @Override
  public int reassemblySize(Session s) {
    Reassembly r = ((EngineSession) s).fragments; // null when empty
    return r == null ? 0 : r.size();
  }

  @Override
  public long reassemblyBytes(Session s) {
    Reassembly r = ((EngineSession) s).fragments;
    return r == null ? 0 : r.bytes();
  }

  @Override
  public int reassemblyFragments(Session s) {
    // Reassembly.entries: Partial[] (the first `size` live), Partial.received (private class).
    Reassembly r = ((EngineSession) s).fragments;
    if (r == null) {
      return 0;
    }
    Object[] entries = (Object[]) Reflect.get(r, "entries");
    int n = 0;
    for (int i = 0; i < r.size(); i++) {
      n += (Integer) Reflect.get(entries[i], "received");
    }
    return n;
  }

  @Override
  public SessionView view(Session session) {
    EngineSession s = (EngineSession) session;
    return new SessionView(
        String.valueOf(s.state),
        String.valueOf(s.remoteAddress),
        keySet(s.current),
        keySet(s.other),
        s.otherIsNext,
        String.valueOf(s.ratchet),
        s.sendCounter,
        FieldDigest.of(s.replay),
        s.timeoutAt,
        s.resendAt + " " + s.restartOnResend + " " + s.restartBackoffMillis,
        id(s.hello) + " x3 " + id(s.x3) + " solving " + s.solvingChallenge,
        id(s.rekeyOffer)
            + " inner "
            + id(s.rekeyInner)
            + " "
            + s.rekeyInProgress
            + " quota "
            + s.holdsQuotaPlace);
  }

  private static String id(Object o) {
    return o == null ? "null" : Integer.toHexString(System.identityHashCode(o));
  }

  static String keySet(KeySet k) {
    return k == null
        ? "none"
        : id(k)
            + "("
            + Integer.toHexString(k.recvKid)
            + "/"
            + Integer.toHexString(k.sendKid)
            + " uses "
            + k.uses
            + (k.isComplete() ? "" : " incomplete")
            + ")";
  }

  @Override
  public String toString() {
    return "engine";
  }
}
