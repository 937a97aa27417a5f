package io.zssp.fuzz;

/** {@link ReassemblyTargets} against the reference implementation. */
class ReferenceReassemblyFuzzTest extends ReassemblyTargets {
  @Override
  Impl impl() {
    return Impl.REFERENCE;
  }
}
