/**
 * Micrometer meters for a ZSSP context. {@link io.zssp.micrometer.ZsspMetrics} registers them in a
 * {@code MeterRegistry}: function counters and gauges over {@link io.zssp.api.ZsspContext#stats()},
 * and a handshake-latency timer fed by the context's events (through {@link
 * io.zssp.micrometer.ZsspMetrics#observe} or {@link io.zssp.micrometer.ZsspMetrics#onEvent}). Every
 * class here is thread-safe as its documentation says; none starts a thread or calls the context
 * other than through {@code stats()}.
 */
package io.zssp.micrometer;
