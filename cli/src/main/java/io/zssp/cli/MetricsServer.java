package io.zssp.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.zssp.api.ZsspContext;
import io.zssp.micrometer.ZsspMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code listen --metrics HOST:PORT}: the listener's meters ({@link ZsspMetrics} in a Prometheus
 * registry) served as Prometheus text on {@code GET /metrics} by the JDK's HTTP server, on one
 * daemon thread. Made before the node (so its binder sees the node's events from the start), then
 * {@link #start}ed on the node's context. Owns the registry, the binder and the server; {@link
 * #close()} stops the server and removes the meters. The listener's main thread starts and closes
 * it; the binder's {@code onEvent} may be called from any thread.
 */
final class MetricsServer implements AutoCloseable {
  /** Prometheus text exposition format, version 0.0.4. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  static final String PATH = "/metrics";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ZsspMetrics metrics = ZsspMetrics.builder(registry).build();
  private HttpServer server;
  private ExecutorService executor;

  /**
   * Parses {@code --metrics}: HOST:PORT, [V6]:PORT, or :PORT and PORT alone for loopback (never all
   * interfaces unless asked: 0.0.0.0:PORT). Null for null.
   */
  static InetSocketAddress parseAddress(String value) throws CliException {
    if (value == null) {
      return null;
    }
    String spec = value.indexOf(':') < 0 ? ":" + value : value;
    if (spec.startsWith(":")) {
      spec = "127.0.0.1" + spec;
    }
    try {
      return CliNode.parseAddress(spec);
    } catch (CliException e) {
      throw CliException.usage(
          "--metrics expects HOST:PORT or PORT (loopback), got '" + value + "': " + e.getMessage());
    }
  }

  /** The binder: show it the node's events. */
  ZsspMetrics binder() {
    return metrics;
  }

  /** The registry the meters are in. */
  PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Binds the meters to {@code context} and starts serving on {@code at}.
   *
   * @throws CliException (exit 3) if the address cannot be bound
   */
  void start(InetSocketAddress at, ZsspContext context) throws CliException {
    metrics.bind(context);
    try {
      server = HttpServer.create(at, 0);
    } catch (IOException e) {
      throw new CliException(
          CliException.IO, "cannot serve metrics on " + at + ": " + CliNode.reason(e), e);
    }
    executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "zssp-metrics-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(PATH, this::handle);
    server.start();
  }

  /** Where the meters are served, e.g. {@code http://127.0.0.1:9464/metrics}. */
  String url() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().getHostAddress();
    return "http://"
        + (host.indexOf(':') >= 0 ? "[" + host + "]" : host)
        + ":"
        + a.getPort()
        + PATH;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod();
      if (!exchange.getRequestURI().getPath().equals(PATH)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } finally {
      exchange.close();
    }
  }

  /** Stops the server (waits for no exchange) and removes the meters; idempotent. */
  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
    metrics.close();
    registry.close();
  }
}
