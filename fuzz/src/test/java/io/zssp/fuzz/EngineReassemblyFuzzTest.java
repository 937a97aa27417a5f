package io.zssp.fuzz;

/** {@link ReassemblyTargets} against the engine. */
class EngineReassemblyFuzzTest extends ReassemblyTargets {
  @Override
  Impl impl() {
    return Impl.ENGINE;
  }
}
