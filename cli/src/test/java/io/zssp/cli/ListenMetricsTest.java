package io.zssp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code listen --metrics} and {@code listen --transport netty}, scripted in this JVM: a real
 * listener, a real {@code connect} against it (through a relay that counts every datagram), hostile
 * datagrams, then a scrape of {@code /metrics} whose counters must equal what the test did.
 */
class ListenMetricsTest {
  @TempDir Path dir;

  private CommandRunner zssp;

  @BeforeEach
  void runner() {
    zssp = new CommandRunner(dir);
  }

  /** GET {@code url}: status, content type and body. */
  private static String[] get(String url, String method) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setRequestMethod(method);
    c.setConnectTimeout(5_000);
    c.setReadTimeout(10_000);
    try {
      int status = c.getResponseCode();
      InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
      String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new String[] {Integer.toString(status), c.getContentType(), body};
    } finally {
      c.disconnect();
    }
  }

  /** The samples of a Prometheus text scrape: {@code name{labels}} to value. */
  static Map<String, Double> samples(String text) {
    Map<String, Double> m = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      m.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return m;
  }

  private static double sample(Map<String, Double> samples, String key) {
    Double v = samples.get(key);
    if (v == null) {
      throw new AssertionError("no sample " + key + " in " + samples.keySet());
    }
    return v;
  }

  /**
   * Scrapes until {@code done} holds (the listener's echoes may still be leaving), at most 10 s.
   */
  private static Map<String, Double> scrapeUntil(
      String url, java.util.function.Predicate<Map<String, Double>> done) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Map<String, Double> s;
    do {
      String[] r = get(url, "GET");
      assertEquals("200", r[0], r[2]);
      assertEquals(MetricsServer.CONTENT_TYPE, r[1]);
      s = samples(r[2]);
      if (done.test(s)) {
        return s;
      }
      Thread.sleep(1_100); // the binder serves one stats snapshot for up to a second
    } while (System.nanoTime() - end < 0);
    return s;
  }

  private static void sendTo(String target, byte[] datagram, int times) throws IOException {
    String[] hp = target.split(":");
    try (DatagramSocket s = new DatagramSocket()) {
      for (int i = 0; i < times; i++) {
        s.send(
            new DatagramPacket(
                datagram, datagram.length, new InetSocketAddress(hp[0], Integer.parseInt(hp[1]))));
      }
    }
  }

  private void scriptedRun(String... transport) throws Exception {
    String bob = zssp.keygen("bob");
    String alice = zssp.keygen("alice");
    String[] options = {"--echo", "--metrics", "127.0.0.1:0"};
    String[] all = Arrays.copyOf(options, options.length + transport.length);
    System.arraycopy(transport, 0, all, options.length, transport.length);
    try (InProcessListener listener = new InProcessListener(bob, all)) {
      String url = listener.await("metrics on (http://127\\.0\\.0\\.1:\\d+/metrics)").group(1);
      String[] hp = listener.target.split(":");
      try (CountingRelay relay =
          new CountingRelay(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])))) {
        assertEquals(
            0,
            zssp.run(
                "connect",
                relay.target(),
                "--key",
                alice,
                "--peer",
                bob + ".pub",
                "--count",
                "20",
                "--size",
                "3000",
                "--timeout",
                "20"),
            zssp.err() + zssp.out());
        assertTrue(zssp.out().contains("echoes: 20"), zssp.out());
        int malformed = 4;
        int unknownKeyId = 3;
        sendTo(listener.target, new byte[10], malformed); // shorter than a header and a tag
        byte[] stranger = new byte[80];
        Arrays.fill(stranger, (byte) 0x5a);
        sendTo(listener.target, stranger, unknownKeyId); // a key id no session has
        long received = relay.toServerDatagrams.get() + malformed + unknownKeyId;
        long receivedBytes = relay.toServerBytes.get() + 10L * malformed + 80L * unknownKeyId;
        Map<String, Double> s =
            scrapeUntil(
                url,
                m ->
                    m.getOrDefault("zssp_datagrams_total{direction=\"received\"}", 0.0)
                        == received);
        assertEquals(1, sample(s, "zssp_handshakes_completed_total"));
        assertEquals(1, sample(s, "zssp_handshakes_started_total"));
        assertEquals(0, sample(s, "zssp_handshakes_failed_total"));
        assertEquals(1, sample(s, "zssp_handshake_duration_seconds_count{role=\"RESPONDER\"}"));
        assertEquals(0, sample(s, "zssp_handshake_duration_seconds_count{role=\"INITIATOR\"}"));
        assertEquals(
            1, sample(s, "zssp_handshake_duration_seconds_bucket{role=\"RESPONDER\",le=\"+Inf\"}"));
        assertEquals(
            14,
            s.keySet().stream()
                .filter(k -> k.startsWith("zssp_handshake_duration_seconds_bucket{role=\"RESP"))
                .count(),
            "13 buckets and +Inf");
        assertEquals(received, sample(s, "zssp_datagrams_total{direction=\"received\"}"));
        assertEquals(receivedBytes, sample(s, "zssp_traffic_bytes_total{direction=\"received\"}"));
        assertEquals(
            relay.toClientDatagrams.get(), sample(s, "zssp_datagrams_total{direction=\"sent\"}"));
        assertEquals(
            relay.toClientBytes.get(), sample(s, "zssp_traffic_bytes_total{direction=\"sent\"}"));
        assertEquals(
            malformed, sample(s, "zssp_dropped_datagrams_total{reason=\"MALFORMED_DATAGRAM\"}"));
        assertEquals(
            unknownKeyId, sample(s, "zssp_dropped_datagrams_total{reason=\"UNKNOWN_KEY_ID\"}"));
        double drops =
            s.entrySet().stream()
                .filter(e -> e.getKey().startsWith("zssp_dropped_datagrams_total{"))
                .mapToDouble(Map.Entry::getValue)
                .sum();
        assertEquals(malformed + unknownKeyId, drops, "no other drop: " + s);
      }
      assertEquals(0, listener.stop());
      assertTrue(listener.output().trim().endsWith("stopped"), listener.output());
    }
  }

  @Test
  void metrics_afterAScriptedRun_equalWhatTheTestDid() throws Exception {
    scriptedRun();
  }

  @Test
  void metrics_onTheNettyTransport_equalWhatTheTestDid() throws Exception {
    scriptedRun("--transport", "netty");
  }

  @Test
  void metricsServer_servesOnlyGetAndHeadOfMetrics() throws Exception {
    try (InProcessListener listener =
        new InProcessListener(zssp.keygen("bob"), "--metrics", "127.0.0.1:0")) {
      String url = listener.await("metrics on (http://127\\.0\\.0\\.1:\\d+/metrics)").group(1);
      assertEquals("200", get(url, "HEAD")[0]);
      assertEquals("405", get(url, "POST")[0]);
      assertEquals("404", get(url + "x", "GET")[0]);
      assertEquals("404", get(url.replace("/metrics", "/"), "GET")[0]);
      String[] ok = get(url, "GET");
      assertTrue(ok[2].contains("# TYPE zssp_handshakes_completed_total counter"), ok[2]);
      assertTrue(ok[2].contains("zssp_sessions{state=\"S2\"} 0"), ok[2]);
      assertEquals(0, listener.stop());
    }
  }

  @Test
  void badMetricsAddress_exit2() {
    String key = zssp.keygen("k");
    for (String bad : new String[] {"127.0.0.1:x", "127.0.0.1:70000", "no-such-host.invalid:9"}) {
      assertEquals(2, zssp.run("listen", "--port", "0", "--key", key, "--metrics", bad), bad);
      assertTrue(zssp.err().contains("--metrics expects HOST:PORT"), zssp.err());
    }
    assertEquals(2, zssp.run("listen", "--port", "0", "--key", key, "--metrics"));
    assertTrue(zssp.err().contains("needs a value"), zssp.err());
  }

  @Test
  void metricsAddress_defaultsToLoopback() throws Exception {
    assertEquals(new InetSocketAddress("127.0.0.1", 9464), MetricsServer.parseAddress("9464"));
    assertEquals(new InetSocketAddress("127.0.0.1", 9464), MetricsServer.parseAddress(":9464"));
    assertEquals(
        new InetSocketAddress("0.0.0.0", 9464), MetricsServer.parseAddress("0.0.0.0:9464"));
    assertEquals(new InetSocketAddress("::1", 9464), MetricsServer.parseAddress("[::1]:9464"));
  }

  @Test
  void metricsPortInUse_exit3() throws Exception {
    String key = zssp.keygen("k");
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertEquals(
          3,
          zssp.run(
              "listen",
              "--port",
              "0",
              "--bind",
              "127.0.0.1",
              "--key",
              key,
              "--metrics",
              "127.0.0.1:" + taken.getLocalPort()),
          zssp.out() + zssp.err());
      assertTrue(zssp.err().contains("cannot serve metrics on"), zssp.err());
    }
  }
}
