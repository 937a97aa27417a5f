package io.zssp.reference;

import io.zssp.api.ContextConfig;
import io.zssp.api.ZsspContext;

/**
 * Entry point of the reference implementation: a readable, whitepaper-faithful ZSSP that follows
 * the states and transitions of ZSSP-SPEC §11 one to one. It is the oracle the engine is checked
 * against; it favours clarity over speed (it allocates per packet) and is single-threaded (callers
 * are serialized by the context's lock).
 */
public final class ReferenceZssp {
  private ReferenceZssp() {}

  /** A new context; it draws its challenge salt from {@code config.crypto().random()} now. */
  public static ZsspContext newContext(ContextConfig config) {
    return new ReferenceContext(config);
  }
}
