package io.zssp.conformance.bugs;

import io.zssp.api.ContextConfig;
import io.zssp.api.RatchetPair;
import io.zssp.api.Session;
import io.zssp.api.ZsspContext;
import io.zssp.crypto.Aes256Block;
import io.zssp.wire.KeySet;

/**
 * The implementation under test, for the hostile-input and canonical-bug suites: its factory plus
 * the few internals their assertions look at. Everything else the suites do goes through the public
 * API. Each implementation supplies one, written in its own package (in this module's test tree) so
 * that it can read package-private state on the class path.
 *
 * <p>The {@code ctx} and {@code session} arguments are always objects made by {@link #newContext}
 * (or sessions of such a context). The suites are single-threaded: the probe reads fields without
 * taking the implementation's locks.
 */
public interface ImplementationProbe {
  /** A new context of this implementation (its public factory). */
  ZsspContext newContext(ContextConfig config);

  /** The context's configuration as it was accepted. */
  ContextConfig config(ZsspContext ctx);

  /** Live B2 (half-open) entries. */
  int halfOpenCount(ZsspContext ctx);

  /** Partial X1/challenge packets held by the context-wide hello reassembly. */
  int helloCacheSize(ZsspContext ctx);

  /**
   * A kid drawn exactly as the context draws one for a new key set (KID-Gen, B11); it is not left
   * registered to anything.
   */
  int newKid(ZsspContext ctx);

  /** The key set every send uses ({@code current}); null until Alice's first switch. */
  KeySet current(Session session);

  /** The next or previous key set ({@code other}), or null. */
  KeySet other(Session session);

  /** Whether {@link #other} is the next (pending) set rather than the previous one. */
  boolean otherIsNext(Session session);

  /** The session's in-memory ratchet pair. */
  RatchetPair ratchet(Session session);

  /** The next send counter. */
  long sendCounter(Session session);

  /** The header-protection block cipher for received packets. */
  Aes256Block hkRecv(Session session);

  /** The header-protection block cipher for sent packets (null before the handshake sets it). */
  Aes256Block hkSend(Session session);

  /** Replaces the identity Alice will send in X3 (bypasses the OpenOptions bound). */
  void setIdentity(Session session, byte[] identity);

  /** Partial multi-fragment packets the session buffers. */
  int reassemblySize(Session session);

  /** Bytes held (or reserved) by those partial packets. */
  long reassemblyBytes(Session session);

  /** The implementation's main sources, relative to the repository root. */
  String mainSourceDirectory();
}
