/**
 * The reference ZSSP implementation, the readable oracle: single-threaded, one class per phase of
 * the whitepaper's state machine. Only the factory {@link io.zssp.reference.ReferenceZssp} is
 * public.
 */
module io.zssp.reference {
  requires transitive io.zssp.api;
  requires io.zssp.crypto;
  requires io.zssp.wire;

  exports io.zssp.reference;
}
