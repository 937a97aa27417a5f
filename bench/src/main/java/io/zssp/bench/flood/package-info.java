/**
 * The flood harness (issue 10 item 9): {@link io.zssp.bench.flood.FloodHarness} starts a ZSSP
 * responder as a child process on loopback, floods it (replayed X1s from many ports, garbage,
 * never-completed hello fragments, authenticated sessions pinning fragments of large packets) and
 * measures what legitimate clients see and what the flood costs the responder. Loopback only,
 * bounded in datagrams and seconds. Results and commands: docs/RESILIENCE.md.
 */
package io.zssp.bench.flood;
