package io.zssp.bench.flood;

import io.zssp.bench.flood.FloodOptions.Scenario;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384PublicKey;
import io.zssp.udp.KeyFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The flood harness (issue 10 item 9): starts a ZSSP responder ({@code zssp listen --echo} by
 * default, or any command) as a child process on loopback, floods it with one scenario at a time (a
 * replayed X1 from many ports, garbage, never-completed hello fragments, or hundreds of
 * authenticated sessions pinning fragments of large packets), and meanwhile measures what a
 * legitimate user sees (fresh connects every few seconds, completed within the timeout or not, and
 * their latency; echoes lost on one established session) and what the flood costs the responder
 * (CPU per flood unit, RSS before/peak/after, retained heap, still alive). Loopback only; every
 * flood bounded in seconds and in datagrams. Prints one table; {@code --json FILE} appends one line
 * per scenario. See docs/RESILIENCE.md.
 */
public final class FloodHarness {
  private final FloodOptions o;
  private final CryptoProvider crypto = DefaultCryptoProvider.create();

  private FloodHarness(FloodOptions o) {
    this.o = o;
  }

  public static void main(String[] args) throws Exception {
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      System.out.println(FloodOptions.USAGE);
      return;
    }
    FloodOptions o;
    try {
      o = FloodOptions.parse(args);
    } catch (FloodOptions.UsageException e) {
      System.err.println("flood: " + e.getMessage());
      System.err.println(FloodOptions.USAGE);
      System.exit(2);
      return;
    }
    List<RunResult> results = new ArrayList<>();
    FloodHarness h = new FloodHarness(o);
    for (Scenario s : o.scenarios) {
      RunResult r;
      try {
        r = h.run(s);
      } catch (Exception e) { // e.g. the responder never came up: report it, go on
        e.printStackTrace();
        r = new RunResult();
        r.put("label", o.label);
        r.put("scenario", s.label);
        r.put("rate", o.rate(s));
        r.put("error", e.toString());
        r.put("alive", "error");
      }
      results.add(r);
      if (o.json != null) {
        Files.writeString(
            Paths.get(o.json),
            r.toJson() + "\n",
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      }
      System.out.println();
      System.out.print(RunResult.table(List.of(r)));
      System.out.println();
    }
    System.out.println("== summary ==");
    System.out.print(RunResult.table(results));
  }

  private void log(String s) {
    System.out.printf(Locale.ROOT, "[%tT] %s%n", System.currentTimeMillis(), s);
    System.out.flush();
  }

  /** One scenario against a fresh responder. */
  RunResult run(Scenario s) throws Exception {
    RunResult r = new RunResult();
    double rate = o.rate(s);
    r.put("label", o.label);
    r.put("scenario", s.label);
    r.put("rate", rate);
    r.put("unit", s.unit);
    r.put("seconds", o.seconds);
    r.put("date", Instant.now().toString());
    r.put("loadavg_start", loadAverage());
    int port = o.port != 0 ? o.port : freePort();
    InetSocketAddress target = new InetSocketAddress(o.target, port);
    log(s.label + ": starting the responder on " + target);
    ResponderProcess rp = ResponderProcess.start(o, port);
    r.put("listen_cmd", rp.command);
    r.put("listen_java_opts", o.listenJavaOpts);
    r.put("responder_java", rp.javaCommand());
    PeerFarm farm = null;
    Flood.FloodPorts ports = null;
    Flood flood = null;
    try {
      P384PublicKey responder = KeyFiles.parsePublicKeyHex(rp.publicKeyHex(), crypto.p384());
      log(s.label + ": responder pid " + rp.pid() + " (" + rp.javaCommand() + ")");
      int echoCapacity = (int) Math.ceil(o.echoRate * (o.seconds + 5)) + 16;
      try (LegitTraffic.EchoSession echo =
          new LegitTraffic.EchoSession(
              crypto, o.echoHost, target, responder, o.echoSize, echoCapacity)) {
        for (int i = 0; i < 2; i++) { // warm-up, not counted
          LegitTraffic.connectOnce(crypto, o.clientHost, target, responder, 10_000, 0);
        }
        Flood.Source source = null;
        if (s == Scenario.X1_REPLAY) {
          List<byte[][]> x1s = PeerFarm.captureX1s(crypto, responder, target, o.x1Count, o.x1Mtu);
          r.put("x1_fragments", x1s.get(0).length);
          ports = new Flood.FloodPorts(o.floodHost, target, o.ports);
          source = Flood.x1Replay(ports, x1s);
        } else if (s == Scenario.GARBAGE) {
          ports = new Flood.FloodPorts(o.floodHost, target, o.ports);
          source = Flood.garbage(ports, 1);
        } else if (s == Scenario.FRAGMENTS) {
          ports = new Flood.FloodPorts(o.floodHost, target, o.ports);
          source = Flood.fragments(ports, 2);
        } else if (s == Scenario.PINNING) {
          farm = new PeerFarm(crypto, o.floodHost, o.sessions, o.pinMtu);
          long t = System.nanoTime();
          int up = farm.establish(responder, target, 8, 10_000);
          log(
              String.format(
                  Locale.ROOT,
                  "%s: %d/%d pinning sessions established in %.1f s",
                  s.label,
                  up,
                  o.sessions,
                  (System.nanoTime() - t) / 1e9));
          r.put("pin_sessions", up);
          source = new Flood.Pinning(farm.peers(), o.pinBytes, target, 3);
        }
        Thread.sleep(2000);
        r.put("heap_before_kib", rp.retainedHeap().liveKib());
        r.put("rss_before_kib", rp.rssKib());
        Sampler rss = new Sampler(rp);
        long drops0 = ResponderProcess.udpDrops(port);
        long echoDrops0 = ResponderProcess.udpDrops(echo.localPort());
        long[] io0 = rp.ioThreadSchedstat();
        long[] machine0 = machineCpuTicks();
        long self0 = selfCpuNanos();
        long cpu0 = rp.cpuNanos();
        long t0 = System.nanoTime();
        if (source != null) {
          long maxSeconds = o.seconds + (long) Math.ceil(o.connectTimeout) + 120;
          flood = new Flood(source, ports, rate, o.maxDatagrams, maxSeconds);
          flood.start();
        }
        echo.startSending(o.echoRate);
        LegitTraffic.Prober prober =
            new LegitTraffic.Prober(
                crypto,
                o.clientHost,
                target,
                responder,
                1000,
                (long) (o.connectInterval * 1000),
                (long) (o.connectTimeout * 1000));
        log(s.label + ": flooding for " + o.seconds + " s at " + rate + " " + s.unit + "/s");
        long end = t0 + o.seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
          Thread.sleep(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
        }
        // The measured window ends here; the flood goes on while the last connects and echoes
        // finish and the heap is measured under flood.
        long cpu1 = rp.cpuNanos();
        long drops1 = ResponderProcess.udpDrops(port);
        long[] io1 = rp.ioThreadSchedstat();
        long[] machine1 = machineCpuTicks();
        long self1 = selfCpuNanos();
        double window = (System.nanoTime() - t0) / 1e9;
        long units = flood == null ? 0 : flood.units();
        long datagrams = flood == null ? 0 : flood.datagrams();
        double achieved = flood == null ? 0 : flood.achievedRate();
        echo.stop(2000);
        long echoDrops1 = ResponderProcess.udpDrops(echo.localPort());
        List<LegitTraffic.Connect> connects = prober.finish();
        ResponderProcess.Heap heapDuring = rp.retainedHeap();
        r.put("heap_during_flood_kib", heapDuring.liveKib());
        r.put("heap_committed_during_flood_kib", heapDuring.committedKib());
        if (o.histo != null) {
          Files.writeString(
              Paths.get(o.histo),
              "== "
                  + o.label
                  + " "
                  + s.label
                  + " "
                  + Instant.now()
                  + " (under flood)\n"
                  + heapDuring.histogram().lines().limit(28).collect(Collectors.joining("\n"))
                  + "\n",
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND);
        }
        if (flood != null) {
          flood.stop();
        }
        log(s.label + ": flood stopped; settling " + o.settle + " s");
        Thread.sleep((long) (o.settle * 1000));
        r.put("rss_after_kib", rp.rssKib());
        r.put("heap_after_kib", rp.retainedHeap().liveKib());
        rss.stop();

        r.put("achieved_rate", achieved);
        r.put("units_sent", units);
        r.put("datagrams_sent", datagrams);
        r.put("datagrams_total", flood == null ? 0 : flood.datagrams());
        r.put("flood_send_errors", flood == null ? 0 : flood.errors());
        r.put("flood_send_buffer_full", ports == null ? 0 : ports.sendBufferFull());
        r.put("responses_to_flood", ports == null ? 0 : ports.responses());
        r.put("challenges_to_flood", ports == null ? 0 : ports.challenges());
        if (source instanceof Flood.Pinning) {
          r.put("pin_packets", ((Flood.Pinning) source).packets);
          r.put("pin_anomalies", ((Flood.Pinning) source).anomalies);
        }
        r.put("harness_cpu_percent", 100 * (self1 - self0) / 1e9 / window);
        long total = machine1[0] - machine0[0];
        r.put(
            "machine_cpu_busy_percent",
            total > 0 ? 100.0 * (total - (machine1[1] - machine0[1])) / total : Double.NaN);
        boolean io = io0[0] >= 0 && io1[0] >= 0;
        r.put("io_thread_cpu_seconds", io ? (io1[0] - io0[0]) / 1e9 : Double.NaN);
        r.put("io_thread_runqueue_wait_seconds", io ? (io1[1] - io0[1]) / 1e9 : Double.NaN);
        r.put("responder_socket_drops", drops1 < 0 ? -1 : drops1 - drops0);
        r.put("echo_client_socket_drops", echoDrops1 < 0 ? -1 : echoDrops1 - echoDrops0);
        putConnects(r, connects);
        int sent = echo.sent();
        r.put("echo_sent", sent);
        r.put("echo_received", echo.echoes());
        r.put("echo_lost", sent - echo.echoes());
        r.put("echo_send_failures", echo.sendFailures());
        double[] rtt = echo.rttMillis();
        r.put("echo_rtt_p50_ms", rtt[0]);
        r.put("echo_rtt_p99_ms", rtt[1]);
        r.put("echo_rtt_max_ms", rtt[2]);
        double cpuSeconds = cpu1 >= 0 && cpu0 >= 0 ? (cpu1 - cpu0) / 1e9 : Double.NaN;
        r.put("responder_cpu_seconds", cpuSeconds);
        r.put("responder_cpu_percent", 100 * cpuSeconds / window);
        r.put("cpu_us_per_unit", units > 0 ? cpuSeconds * 1e6 / units : Double.NaN);
        r.put("rss_peak_kib", rss.peak());
        r.put("rss_hwm_kib", rp.hwmKib());
      }
      boolean alive = rp.isAlive();
      LegitTraffic.Connect last =
          alive
              ? LegitTraffic.connectOnce(
                  crypto,
                  o.clientHost,
                  target,
                  responder,
                  (long) (o.connectTimeout * 1000),
                  Double.NaN)
              : null;
      r.put("process_alive", alive);
      r.put("final_connect", last == null ? "not tried" : last.outcome());
      r.put("alive", alive && last.ok() ? "yes" : alive ? "deaf" : "exited");
      r.put("exit_status", rp.exitStatus());
      r.put("responder_log_lines", rp.lineCount());
      r.put("responder_last_lines", rp.lastLines());
      r.put("loadavg_end", loadAverage());
    } finally {
      if (flood != null) {
        flood.stop();
      }
      if (ports != null) {
        ports.close();
      }
      if (farm != null) {
        farm.close();
      }
      rp.close();
      rp.deleteFiles();
    }
    log(s.label + ": done; " + r.toJson());
    return r;
  }

  private static void putConnects(RunResult r, List<LegitTraffic.Connect> connects) {
    List<Double> lat = new ArrayList<>();
    TreeMap<String, Integer> outcomes = new TreeMap<>();
    for (LegitTraffic.Connect c : connects) {
      outcomes.merge(c.outcome(), 1, Integer::sum);
      if (c.ok()) {
        lat.add(c.latencyMillis());
      }
    }
    lat.sort(null);
    r.put("connects_attempted", connects.size());
    r.put("connects_ok", lat.size());
    r.put("connect_outcomes", outcomes.toString());
    r.put("connect_p50_ms", lat.isEmpty() ? Double.NaN : lat.get(lat.size() / 2));
    r.put("connect_max_ms", lat.isEmpty() ? Double.NaN : lat.get(lat.size() - 1));
    StringBuilder each = new StringBuilder();
    for (LegitTraffic.Connect c : connects) {
      each.append(each.length() == 0 ? "" : " ")
          .append(
              c.ok()
                  ? String.format(Locale.ROOT, "%.0f", c.latencyMillis())
                  : c.outcome().replace(' ', '_'));
    }
    r.put("connect_each_ms", each.toString());
  }

  /** Samples the responder's RSS every 200 ms and keeps the peak. */
  private static final class Sampler {
    private final AtomicLong peak = new AtomicLong(-1);
    private final Thread thread;
    private volatile boolean stopped;

    Sampler(ResponderProcess rp) {
      thread =
          new Thread(
              () -> {
                while (!stopped) {
                  peak.accumulateAndGet(rp.rssKib(), Math::max);
                  try {
                    Thread.sleep(200);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "flood-rss-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    long peak() {
      return peak.get();
    }

    void stop() throws InterruptedException {
      stopped = true;
      thread.join();
    }
  }

  private int freePort() throws IOException {
    try (DatagramChannel ch = DatagramChannel.open()) {
      ch.bind(new InetSocketAddress(o.target, 0));
      return ((InetSocketAddress) ch.getLocalAddress()).getPort();
    }
  }

  /** All CPUs' ticks from /proc/stat: {total, idle + iowait}. */
  private static long[] machineCpuTicks() {
    try {
      String[] f = Files.readAllLines(Paths.get("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < Math.min(f.length, 9); i++) { // user..steal
        total += Long.parseLong(f[i]);
      }
      return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /** This JVM's CPU time (the flood, the clients, the measurements), in nanoseconds. */
  private static long selfCpuNanos() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean
        ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime()
        : -1;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Paths.get("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "?";
    }
  }
}
