package io.zssp.engine;

import io.zssp.crypto.RandomSource;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * KID-Gen (ZSSP-SPEC §11.2, B11) in the engine is lock-free: a random id is taken with an atomic
 * put-if-absent. With a random source that hands every id out twice in a row, so that concurrent
 * allocations draw the same one on purpose, Lincheck checks that an allocation never hands out an
 * id that is live, however the threads interleave ({@code allocate} answers whether the id it got
 * was free, which sequentially is always true), and that release and lookup stay consistent with
 * it.
 */
@Param(name = "slot", gen = IntGen.class, conf = "1:12")
public class KidRegistryLincheckTest {
  private final AtomicInteger next = new AtomicInteger();
  private final RandomSource fewIds =
      (out, off, len) -> {
        int v = 1 + (next.getAndIncrement() / 2) % 12; // 1, 1, 2, 2, …: neighbours collide
        for (int i = 0; i < len; i++) {
          out[off + i] = (byte) (i == len - 1 ? v : 0);
        }
      };
  private final KidRegistry kids = new KidRegistry(fewIds);

  /** Allocates an id for a fresh owner; true if nobody held it (sequentially: always). */
  @Operation
  public boolean allocate() {
    Object owner = new Object();
    int kid = kids.allocate(owner);
    return kid >= 1 && kid <= 12 && kids.get(kid) == owner;
  }

  @Operation
  public boolean holds(@Param(name = "slot") int kid) {
    return kids.get(kid) != null;
  }

  @Operation
  public void release(@Param(name = "slot") int kid) {
    Object owner = kids.get(kid);
    if (owner != null) {
      kids.release(kid, owner);
    }
  }

  @Test
  public void modelChecking() {
    new ModelCheckingOptions()
        .iterations(30)
        .invocationsPerIteration(500)
        .actorsBefore(2)
        .actorsPerThread(2)
        .actorsAfter(1)
        .check(KidRegistryLincheckTest.class);
  }

  @Test
  public void stress() {
    new StressOptions()
        .iterations(10)
        .invocationsPerIteration(500)
        .actorsBefore(2)
        .actorsPerThread(2)
        .actorsAfter(1)
        .check(KidRegistryLincheckTest.class);
  }
}
