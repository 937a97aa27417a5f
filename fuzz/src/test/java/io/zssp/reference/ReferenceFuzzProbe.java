package io.zssp.reference;

import io.zssp.api.ContextConfig;
import io.zssp.api.Session;
import io.zssp.api.ZsspContext;
import io.zssp.fuzz.FieldDigest;
import io.zssp.fuzz.FuzzProbe;
import io.zssp.fuzz.Reflect;
import io.zssp.fuzz.SessionView;
import io.zssp.wire.KeySet;
import java.util.Map;

/**
 * {@link FuzzProbe} for the reference implementation, in {@code io.zssp.reference} (this module's
 * test tree, on the class path) to read package-private state.
 */
public final class ReferenceFuzzProbe implements FuzzProbe {
  public static final ReferenceFuzzProbe INSTANCE = new ReferenceFuzzProbe();

  private ReferenceFuzzProbe() {}

  @Override
  public ZsspContext newContext(ContextConfig config) {
    return ReferenceZssp.newContext(config);
  }

  @Override
  public int halfOpenCount(ZsspContext ctx) {
    return ((ReferenceContext) ctx).halfOpenCount();
  }

  @Override
  public int helloCacheSize(ZsspContext ctx) {
    return ((ReferenceContext) ctx).helloCacheSize();
  }

  @Override
  public int reassemblySize(Session s) {
    return ((ReferenceSession) s).reassembler.size();
  }

  @Override
  public long reassemblyBytes(Session s) {
    return ((ReferenceSession) s).reassembler.bufferedBytes();
  }

  @Override
  public int reassemblyFragments(Session s) {
    // Reassembler.entries: LinkedHashMap<Key, Entry>, Entry.received (private nested class).
    int n = 0;
    for (Object e :
        ((Map<?, ?>) Reflect.get(((ReferenceSession) s).reassembler, "entries")).values()) {
      n += (Integer) Reflect.get(e, "received");
    }
    return n;
  }

  @Override
  public SessionView view(Session session) {
    ReferenceSession s = (ReferenceSession) session;
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
        id(s.rekeyOffer) + " inner " + id(s.rekeyInner) + " " + s.rekeyInProgress);
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
    return "reference";
  }
}
