package io.zssp.engine;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * The engine's context-wide reassembly budget is a lock-free compare-and-set loop: Lincheck checks
 * that every concurrent history of reservations, releases and reads is linearizable (it equals some
 * sequential order of the same calls), by model checking every interleaving of small scenarios and
 * by stress runs. A budget that let two reservations through the last free bytes would fail.
 */
@Param(name = "bytes", gen = IntGen.class, conf = "1:60")
public class ReassemblyBudgetLincheckTest {
  private final ReassemblyBudget budget = new ReassemblyBudget(100);

  @Operation
  public boolean tryReserve(@Param(name = "bytes") int bytes) {
    return budget.tryReserve(bytes);
  }

  @Operation
  public void release(@Param(name = "bytes") int bytes) {
    budget.release(bytes);
  }

  @Operation
  public long used() {
    return budget.used();
  }

  @Test
  public void modelChecking() {
    new ModelCheckingOptions()
        .iterations(30)
        .invocationsPerIteration(500)
        .check(ReassemblyBudgetLincheckTest.class);
  }

  @Test
  public void stress() {
    new StressOptions()
        .iterations(10)
        .invocationsPerIteration(500)
        .check(ReassemblyBudgetLincheckTest.class);
  }
}
