package io.zssp.bench.flood;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The harness's command line: every value validated, every bound explicit. */
final class FloodOptions {
  /** The floods the harness can run; {@code baseline} runs the measurements with no flood. */
  enum Scenario {
    BASELINE("baseline", 0, "-"),
    X1_REPLAY("x1-replay", 1_000, "X1"),
    GARBAGE("garbage", 20_000, "datagram"),
    FRAGMENTS("fragments", 20_000, "datagram"),
    PINNING("pinning", 2_000, "fragment");

    final String label;
    final double defaultRate;
    final String unit;

    Scenario(String label, double defaultRate, String unit) {
      this.label = label;
      this.defaultRate = defaultRate;
      this.unit = unit;
    }

    static Scenario parse(String s) throws UsageException {
      for (Scenario x : values()) {
        if (x.label.equals(s)) {
          return x;
        }
      }
      throw new UsageException(
          "unknown scenario '" + s + "' (baseline, x1-replay, garbage, fragments, pinning, all)");
    }
  }

  /** Hard ceilings, whatever the options say: the harness is bounded in count and in time. */
  static final int MAX_SECONDS = 600;

  static final double MAX_RATE = 500_000;
  static final long MAX_DATAGRAMS_CEILING = 100_000_000L;

  static final String USAGE =
      String.join(
          "\n",
          "usage: java -cp bench/target/benchmarks.jar io.zssp.bench.flood.FloodHarness [options]",
          "",
          "Starts a ZSSP responder as a child process on loopback, floods it, and measures whether",
          "legitimate clients still get through and what the flood costs the responder.",
          "",
          "  --scenario LIST      baseline|x1-replay|garbage|fragments|pinning|all, comma-separated",
          "                       (default x1-replay); each scenario gets a fresh responder",
          "  --rate N             flood units per second (X1s for x1-replay, datagrams otherwise);",
          "                       default per scenario: x1-replay 1000, garbage 20000,",
          "                       fragments 20000, pinning 2000",
          "  --seconds N          measured flood window (default 60, at most 600)",
          "  --max-datagrams N    the flood stops after this many datagrams (default 10,000,000)",
          "  --ports N            flood source ports (DatagramChannels, default 32)",
          "  --zssp PATH          the zssp launcher (default ./zssp); used for keygen and listen",
          "  --listen-cmd CMD     responder command; {zssp}, {port} and {key} are substituted",
          "                       (default '{zssp} listen --bind 127.0.0.1 --port {port} --key {key}",
          "                       --echo'); run with bash -c 'exec CMD'",
          "  --listen-java-opts S JAVA_TOOL_OPTIONS for the responder (e.g. -Xmx128m; default none)",
          "  --port N             responder UDP port (default: a free one)",
          "  --connect-interval S a legitimate connect every S seconds (default 3)",
          "  --connect-timeout S  a connect counts as complete within S seconds (default 5)",
          "  --echo-rate N        echo messages per second on the established session (default 100)",
          "  --echo-size N        echo message bytes (default 64, at least 8)",
          "  --sessions N         pinning: authenticated sessions (default 300)",
          "  --pin-bytes N        pinning: payload of each never-completed packet (default 1048576)",
          "  --pin-mtu N          pinning: MTU of the pinning sessions (default 22000: 48 fragments)",
          "  --x1-count N         x1-replay: distinct captured X1s replayed in turn (default 1)",
          "  --x1-mtu N           x1-replay: MTU of the captured X1 (default 1400: 2 fragments)",
          "  --settle S           seconds after the flood before the 'after' figures (default 12)",
          "  --label S            a name for this run in the table and JSON (default 'run')",
          "  --json FILE          append one JSON line per scenario to FILE",
          "  --histo FILE         append the responder's class histogram (top 25, taken under",
          "                       flood, after a full GC) to FILE",
          "  --flood-host A       loopback address the flood comes from (default 127.0.0.1)",
          "  --client-host A      loopback address of the legitimate connects (default 127.0.0.2)",
          "  --echo-host A        loopback address of the echo session (default 127.0.0.3)",
          "  --target A           responder address (default 127.0.0.1; loopback only)",
          "");

  final List<Scenario> scenarios = new ArrayList<>();
  Double rate;
  int seconds = 60;
  long maxDatagrams = 10_000_000L;
  int ports = 32;
  String zssp = "./zssp";
  String listenCmd = "{zssp} listen --bind 127.0.0.1 --port {port} --key {key} --echo";
  String listenJavaOpts;
  int port;
  double connectInterval = 3;
  double connectTimeout = 5;
  double echoRate = 100;
  int echoSize = 64;
  int sessions = 300;
  int pinBytes = 1 << 20;
  int pinMtu = 22_000;
  int x1Count = 1;
  int x1Mtu = 1400;
  double settle = 12;
  String label = "run";
  String json;
  String histo;
  InetAddress floodHost;
  InetAddress clientHost;
  InetAddress echoHost;
  InetAddress target;

  /** Thrown for a bad command line (exit 2). */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  private static final Set<String> KEYS =
      Set.of(
          "scenario",
          "rate",
          "seconds",
          "max-datagrams",
          "ports",
          "zssp",
          "listen-cmd",
          "listen-java-opts",
          "port",
          "connect-interval",
          "connect-timeout",
          "echo-rate",
          "echo-size",
          "sessions",
          "pin-bytes",
          "pin-mtu",
          "x1-count",
          "x1-mtu",
          "settle",
          "label",
          "json",
          "histo",
          "flood-host",
          "client-host",
          "echo-host",
          "target");

  static FloodOptions parse(String[] argv) throws UsageException {
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      if (!a.startsWith("--")) {
        throw new UsageException("unexpected argument '" + a + "'");
      }
      String key = a.substring(2);
      String value;
      int eq = key.indexOf('=');
      if (eq >= 0) {
        value = key.substring(eq + 1);
        key = key.substring(0, eq);
      } else {
        if (i + 1 >= argv.length) {
          throw new UsageException("--" + key + " needs a value");
        }
        value = argv[++i];
      }
      if (!KEYS.contains(key)) {
        throw new UsageException("unknown option --" + key);
      }
      given.put(key, value);
    }
    FloodOptions o = new FloodOptions();
    for (String s : given.getOrDefault("scenario", "x1-replay").split(",")) {
      String name = s.trim().toLowerCase(Locale.ROOT);
      if (name.equals("all")) {
        o.scenarios.addAll(List.of(Scenario.values()));
      } else {
        o.scenarios.add(Scenario.parse(name));
      }
    }
    if (given.containsKey("rate")) {
      o.rate = number(given, "rate", 1, MAX_RATE);
    }
    o.seconds = (int) number(given, "seconds", o.seconds, 1, MAX_SECONDS);
    o.maxDatagrams =
        (long) number(given, "max-datagrams", o.maxDatagrams, 1, MAX_DATAGRAMS_CEILING);
    o.ports = (int) number(given, "ports", o.ports, 1, 4096);
    o.zssp = given.getOrDefault("zssp", o.zssp);
    o.listenCmd = given.getOrDefault("listen-cmd", o.listenCmd);
    o.listenJavaOpts = given.get("listen-java-opts");
    o.port = (int) number(given, "port", 0, 0, 65535);
    o.connectInterval = number(given, "connect-interval", o.connectInterval, 0.1, 600);
    o.connectTimeout = number(given, "connect-timeout", o.connectTimeout, 0.1, 600);
    o.echoRate = number(given, "echo-rate", o.echoRate, 0, 100_000);
    o.echoSize = (int) number(given, "echo-size", o.echoSize, 8, 1300);
    o.sessions = (int) number(given, "sessions", o.sessions, 1, 10_000);
    o.pinBytes = (int) number(given, "pin-bytes", o.pinBytes, 1024, 3_000_000);
    o.pinMtu = (int) number(given, "pin-mtu", o.pinMtu, 128, 65_507);
    o.x1Count = (int) number(given, "x1-count", o.x1Count, 1, 100_000);
    o.x1Mtu = (int) number(given, "x1-mtu", o.x1Mtu, 128, 65_507);
    o.settle = number(given, "settle", o.settle, 0, 600);
    o.label = given.getOrDefault("label", o.label);
    o.json = given.get("json");
    o.histo = given.get("histo");
    o.floodHost = loopback(given.getOrDefault("flood-host", "127.0.0.1"), "--flood-host");
    o.clientHost = loopback(given.getOrDefault("client-host", "127.0.0.2"), "--client-host");
    o.echoHost = loopback(given.getOrDefault("echo-host", "127.0.0.3"), "--echo-host");
    o.target = loopback(given.getOrDefault("target", "127.0.0.1"), "--target");
    long maxPayload = 48L * (o.pinMtu - 16) - 16;
    if (o.pinBytes > maxPayload) {
      throw new UsageException(
          "--pin-bytes " + o.pinBytes + " does not fit 48 fragments at --pin-mtu " + o.pinMtu);
    }
    return o;
  }

  /** The flood rate of {@code s}: --rate if given, else the scenario's default. */
  double rate(Scenario s) {
    return s == Scenario.BASELINE ? 0 : rate != null ? rate : s.defaultRate;
  }

  /** Refuses anything that is not a loopback address: the harness never floods a network. */
  static InetAddress loopback(String host, String option) throws UsageException {
    InetAddress a;
    try {
      a = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new UsageException(option + ": cannot resolve '" + host + "'");
    }
    if (!a.isLoopbackAddress()) {
      throw new UsageException(
          option + " " + host + " is not a loopback address; the harness runs on loopback only");
    }
    return a;
  }

  private static double number(Map<String, String> given, String key, double min, double max)
      throws UsageException {
    return number(given, key, Double.NaN, min, max);
  }

  private static double number(
      Map<String, String> given, String key, double dflt, double min, double max)
      throws UsageException {
    String v = given.get(key);
    if (v == null) {
      return dflt;
    }
    double d;
    try {
      d = Double.parseDouble(v.replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + key + " must be a number, got '" + v + "'");
    }
    if (!(d >= min && d <= max)) {
      throw new UsageException("--" + key + " must be in " + min + ".." + max + ", got " + v);
    }
    return d;
  }
}
