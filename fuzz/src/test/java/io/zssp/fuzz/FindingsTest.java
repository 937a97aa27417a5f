package io.zssp.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zssp.api.DropReason;
import io.zssp.wire.FragmentHeader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Findings of the fuzz targets in library code, as plain regression tests (docs/FUZZING.md,
 * "Findings"): each failed before its fix.
 */
class FindingsTest {
  /**
   * F1 (fixed): {@code DropReason} promises a {@code ZsspEvent.Dropped} for every drop counted, but
   * both implementations counted {@link DropReason#REASSEMBLY} without one. Here: at B2, Bob
   * receives the first fragment of the X1 he already answered, twice; the second is a duplicate
   * fragment.
   */
  @ParameterizedTest
  @EnumSource(Impl.class)
  void f1_duplicateFragment_isReportedAsDropped(Impl impl) {
    HandshakeFixture f = HandshakeFixture.build(impl, Stop.B2);
    byte[] first = null;
    for (HandshakeFixture.Datagram d : f.delivered) {
      if (d.to() == HandshakeFixture.BOB && FragmentHeader.fragmentNo(d.bytes(), 0) == 0) {
        first = d.bytes();
        break;
      }
    }
    f.bob.ctx.receive(HandshakeFixture.ALICE, first, 0, first.length); // buffered again
    long counted = f.bob.ctx.dropCounts().getOrDefault(DropReason.REASSEMBLY, 0L);
    long reported = f.bob.droppedEvents;
    f.bob.ctx.receive(HandshakeFixture.ALICE, first, 0, first.length); // the duplicate
    assertEquals(
        counted + 1, (long) f.bob.ctx.dropCounts().getOrDefault(DropReason.REASSEMBLY, 0L));
    assertEquals(reported + 1, f.bob.droppedEvents, "one Dropped event per drop counted");
  }
}
