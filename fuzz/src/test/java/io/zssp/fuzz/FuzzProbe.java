package io.zssp.fuzz;

import io.zssp.api.ContextConfig;
import io.zssp.api.Session;
import io.zssp.api.ZsspContext;

/**
 * One implementation under fuzzing: its public factory plus the few internals the invariants look
 * at. Each implementation supplies one in its own package (in this module's test tree, on the class
 * path, as the conformance probes do), so that it can read package-private state. The targets are
 * single-threaded: fields are read without the implementation's locks.
 */
public interface FuzzProbe {
  /** A new context of this implementation (its public factory). */
  ZsspContext newContext(ContextConfig config);

  /** Live B2 (half-open) entries. */
  int halfOpenCount(ZsspContext ctx);

  /** Partial X1/challenge packets held by the context-wide hello reassembly. */
  int helloCacheSize(ZsspContext ctx);

  /** Partial multi-fragment packets the session buffers. */
  int reassemblySize(Session session);

  /** Bytes held (or reserved) by those partial packets. */
  long reassemblyBytes(Session session);

  /** Fragments stored in those partial packets. */
  int reassemblyFragments(Session session);

  /** What only an authenticated packet may change in {@code session}. */
  SessionView view(Session session);
}
