package io.zssp.fuzz;

import io.zssp.engine.EngineFuzzProbe;
import io.zssp.reference.ReferenceFuzzProbe;

/** The two implementations every protocol target runs against. */
public enum Impl {
  REFERENCE(ReferenceFuzzProbe.INSTANCE),
  ENGINE(EngineFuzzProbe.INSTANCE);

  final FuzzProbe probe;

  Impl(FuzzProbe probe) {
    this.probe = probe;
  }
}
