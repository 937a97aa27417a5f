package io.zssp.fuzz;

/** {@link ReceiveTargets} against the engine. */
class EngineReceiveFuzzTest extends ReceiveTargets {
  @Override
  Impl impl() {
    return Impl.ENGINE;
  }
}
