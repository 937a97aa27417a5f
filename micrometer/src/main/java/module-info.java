/**
 * Micrometer meters for a ZSSP context: {@link io.zssp.micrometer.ZsspMetrics} binds one context's
 * counters, gauges and handshake-latency timer to a {@code MeterRegistry}. The protocol modules do
 * not depend on Micrometer; this one does.
 */
module io.zssp.micrometer {
  requires transitive io.zssp.api;
  requires transitive micrometer.core;

  exports io.zssp.micrometer;
}
