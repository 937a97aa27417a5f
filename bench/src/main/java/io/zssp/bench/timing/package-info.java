/**
 * A dudect-style statistical timing test (fixed or chosen input class against another, Welch's
 * t-test over percentile crops) for the operations of ZSSP that handle secrets: {@link
 * io.zssp.bench.timing.TimingLeakHarness} is the command, {@code docs/TIMING.md} the method and
 * results. Not part of CI.
 */
package io.zssp.bench.timing;
