package io.zssp.bench.flood;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The responder under test: a child process ({@code zssp listen} by default) with a temporary key,
 * its output kept in a log file, and the measurements taken from outside it: CPU time and RSS from
 * {@code /proc}, retained heap through {@code jcmd} (a full GC, then the heap's used bytes).
 */
final class ResponderProcess implements AutoCloseable {
  private static final Pattern LISTENING =
      Pattern.compile("listening on \\S+ as ([0-9a-fA-F]{98})");
  private static final Pattern HISTOGRAM_TOTAL =
      Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

  /** JDK 17: "total 262144K, used ..."; JDK 25: "total reserved ..., committed 262144K, used". */
  private static final Pattern HEAP_TOTAL = Pattern.compile("(?:committed|total) (\\d+)K");

  private static final long TICKS_PER_SECOND = clockTicks();

  final Path dir;
  final Path keyFile;
  final Path logFile;
  final String command;
  private final Process process;
  private final Thread pump;
  private final Deque<String> tail = new ArrayDeque<>();
  private volatile String publicKeyHex;
  private long lines;
  private ProcessHandle jvm;

  private ResponderProcess(Path dir, Path keyFile, String command, Process process) {
    this.dir = dir;
    this.keyFile = keyFile;
    this.logFile = dir.resolve("listener.log");
    this.command = command;
    this.process = process;
    this.pump = new Thread(this::pumpOutput, "flood-listener-output");
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * Makes a temporary directory and key ({@code zssp keygen}), starts the responder and waits until
   * it prints its "listening on ... as KEY" line.
   */
  static ResponderProcess start(FloodOptions o, int port) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("zssp-flood-");
    Path key = dir.resolve("listener.key");
    String zssp = Paths.get(o.zssp).toAbsolutePath().normalize().toString();
    run(List.of(zssp, "keygen", "--out", key.toString()), dir.resolve("keygen.log"), 600);
    String cmd =
        o.listenCmd
            .replace("{zssp}", shellQuote(zssp))
            .replace("{port}", Integer.toString(port))
            .replace("{key}", shellQuote(key.toString()));
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", "exec " + cmd).redirectErrorStream(true);
    if (o.listenJavaOpts != null) {
      pb.environment().put("JAVA_TOOL_OPTIONS", o.listenJavaOpts);
    }
    ResponderProcess r = new ResponderProcess(dir, key, cmd, pb.start());
    r.awaitListening(600_000);
    return r;
  }

  private void awaitListening(long timeoutMillis) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (publicKeyHex == null) {
      if (!process.isAlive()) {
        throw new IOException(
            "the responder exited (" + process.exitValue() + ") before listening: " + lastLines());
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IOException("the responder did not start listening: " + lastLines());
      }
      Thread.sleep(50);
    }
    jvm = findJvm();
  }

  /** The process to measure: the child itself if it is the JVM, else its JVM descendant. */
  private ProcessHandle findJvm() {
    ProcessHandle self = process.toHandle();
    if (isJava(self)) {
      return self;
    }
    Optional<ProcessHandle> child = self.descendants().filter(ResponderProcess::isJava).findFirst();
    return child.orElse(self);
  }

  private static boolean isJava(ProcessHandle h) {
    return h.info().command().map(c -> c.endsWith("/java") || c.equals("java")).orElse(false);
  }

  String publicKeyHex() {
    return publicKeyHex;
  }

  long pid() {
    return jvm.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The exit status, or null while it runs. */
  Integer exitStatus() {
    return process.isAlive() ? null : process.exitValue();
  }

  /** utime + stime of the responder JVM, in nanoseconds (-1 if it is gone). */
  long cpuNanos() {
    try {
      String stat = Files.readString(Paths.get("/proc", Long.toString(pid()), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15
      return ticks * 1_000_000_000L / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * The responder's UDP receive thread(s) (named {@code zssp-udp-...}): {CPU ns, ns spent runnable
   * but waiting for a CPU}, from /proc/PID/task/TID/schedstat; {-1, -1} if not found. The wait
   * tells a responder that was too slow from one that was not given a core.
   */
  long[] ioThreadSchedstat() {
    long run = 0;
    long wait = 0;
    boolean found = false;
    try (Stream<Path> tasks = Files.list(Paths.get("/proc", Long.toString(pid()), "task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        try {
          if (!Files.readString(t.resolve("comm")).startsWith("zssp-udp")) {
            continue;
          }
          String[] f = Files.readString(t.resolve("schedstat")).trim().split("\\s+");
          run += Long.parseLong(f[0]);
          wait += Long.parseLong(f[1]);
          found = true;
        } catch (IOException | RuntimeException e) {
          // the thread ended
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return found ? new long[] {run, wait} : new long[] {-1, -1};
  }

  /** VmRSS in KiB (-1 if gone). */
  long rssKib() {
    return status("VmRSS:");
  }

  /** VmHWM (peak RSS since start) in KiB (-1 if gone). */
  long hwmKib() {
    return status("VmHWM:");
  }

  private long status(String field) {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return -1;
  }

  /**
   * Datagrams the kernel dropped on the UDP socket(s) bound to local {@code port} (the "drops"
   * column of /proc/net/udp and udp6: the socket's receive buffer was full because its owner did
   * not read fast enough), -1 if unreadable.
   */
  static long udpDrops(int port) {
    long drops = 0;
    boolean found = false;
    for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
      try {
        for (String line : Files.readAllLines(Paths.get(table))) {
          String[] f = line.trim().split("\\s+");
          if (f.length < 13 || !f[1].contains(":")) {
            continue;
          }
          String local = f[1];
          int p;
          try {
            p = Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16);
          } catch (NumberFormatException e) {
            continue; // the header line
          }
          if (p == port) {
            drops += Long.parseLong(f[f.length - 1]);
            found = true;
          }
        }
      } catch (IOException | RuntimeException e) {
        // no such table
      }
    }
    return found ? drops : -1;
  }

  /** Retained heap, measured once: live bytes after a full GC, and the histogram behind them. */
  record Heap(long liveKib, long committedKib, String histogram) {}

  /**
   * The retained heap: {@code jcmd GC.class_histogram} runs a full GC and counts the live objects
   * in the same pause, so its total is what survives (a separate GC.run then GC.heap_info would
   * also count what a flooded responder allocates between the two commands). The committed heap
   * comes from GC.heap_info. -1 where jcmd fails (e.g. the responder is gone).
   */
  Heap retainedHeap() {
    long live = -1;
    long committed = -1;
    String histogram = "";
    try {
      String pid = Long.toString(pid());
      Path log = dir.resolve("jcmd.log");
      histogram = run(List.of(jcmdPath(), pid, "GC.class_histogram"), null, 120);
      Matcher total = HISTOGRAM_TOTAL.matcher(histogram);
      if (total.find()) {
        live = Long.parseLong(total.group(1)) / 1024;
      }
      Matcher c = HEAP_TOTAL.matcher(run(List.of(jcmdPath(), pid, "GC.heap_info"), log, 60));
      if (c.find()) {
        committed = Long.parseLong(c.group(1));
      }
    } catch (IOException | RuntimeException e) {
      histogram = "jcmd failed: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new Heap(live, committed, histogram);
  }

  /** The jcmd beside the responder's java (same JDK), else the one on the PATH. */
  private String jcmdPath() {
    return jvm.info()
        .command()
        .map(c -> Paths.get(c).resolveSibling("jcmd"))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .orElse("jcmd");
  }

  /** The JDK the responder runs on (its java's path). */
  String javaCommand() {
    return jvm.info().command().orElse("?");
  }

  /** The last lines the responder printed, joined. */
  synchronized String lastLines() {
    return String.join(" | ", tail);
  }

  synchronized long lineCount() {
    return lines;
  }

  private void pumpOutput() {
    try (InputStream in = process.getInputStream();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile), true)) {
      for (String line; (line = r.readLine()) != null; ) {
        log.println(line);
        synchronized (this) {
          lines++;
          tail.addLast(line);
          if (tail.size() > 5) {
            tail.removeFirst();
          }
        }
        if (publicKeyHex == null) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            publicKeyHex = m.group(1);
          }
        }
      }
    } catch (IOException e) {
      // the process is gone
    }
  }

  /** Stops the responder (SIGTERM, then SIGKILL after 10 s) and deletes the temporary files. */
  @Override
  public void close() {
    ProcessHandle h = process.toHandle();
    List<ProcessHandle> all = new ArrayList<>();
    h.descendants().forEach(all::add);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle d : all) {
      d.destroyForcibly();
    }
    try {
      pump.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Deletes the temporary directory (key, ratchet records, logs). */
  void deleteFiles() {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // best effort
                }
              });
    } catch (IOException ignored) {
      // best effort
    }
  }

  /** Runs a command to completion (bounded), returns its output, fails on a non-zero exit. */
  static String run(List<String> cmd, Path log, long timeoutSeconds)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("zssp-flood-cmd-", ".out");
    try {
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out after " + timeoutSeconds + " s: " + cmd);
      }
      String text = Files.readString(out);
      if (log != null) {
        Files.writeString(
            log,
            "$ " + String.join(" ", cmd) + "\n" + text,
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND);
      }
      if (p.exitValue() != 0) {
        throw new IOException("exit " + p.exitValue() + " from " + cmd + ": " + text.trim());
      }
      return text;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor(10, TimeUnit.SECONDS);
      return Long.parseLong(s);
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }

  static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
