package io.zssp.fuzz;

/** {@link ReceiveTargets} against the reference implementation. */
class ReferenceReceiveFuzzTest extends ReceiveTargets {
  @Override
  Impl impl() {
    return Impl.REFERENCE;
  }
}
