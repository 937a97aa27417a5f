package io.zssp.conformance.bugs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zssp.api.ContextStats;
import io.zssp.engine.EngineProbe;
import io.zssp.reference.ReferenceProbe;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The statistics of one scripted run ({@link StatsSuite#run}) are the same, record for record, in
 * the reference, the engine and the engine with handshake workers: every number in them is fixed by
 * the protocol once the run is over (no partial packet, no queued handshake).
 */
class StatsAgreeTest {
  @Test
  void scriptedRun_sameStatsInEveryImplementation() throws Exception {
    Map<String, ContextStats> reference = StatsSuite.run(ReferenceProbe.INSTANCE);
    assertEquals(reference, StatsSuite.run(EngineProbe.INSTANCE), "engine");
    assertEquals(reference, StatsSuite.run(EngineProbe.WITH_WORKERS), "engine with workers");
  }
}
