/**
 * The engine, the ZSSP implementation for servers: concurrent, O(log n) timers, bounded memory,
 * callbacks never under a lock. Only the factory package {@code io.zssp.engine} is exported, and in
 * it only {@link io.zssp.engine.EngineZssp} and {@link io.zssp.engine.EngineLimits} are public.
 */
module io.zssp.engine {
  requires transitive io.zssp.api;
  requires io.zssp.crypto;
  requires io.zssp.wire;
  requires jdk.jfr; // the engine's Flight Recorder events (EngineJfrEvents)

  exports io.zssp.engine;
}
