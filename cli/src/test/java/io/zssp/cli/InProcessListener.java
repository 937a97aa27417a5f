package io.zssp.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test fixture: {@code zssp listen} in this JVM, on a thread of its own, bound to 127.0.0.1 (any
 * port), its output captured. {@link #close()} stops it as SIGTERM would and waits for it
 * (bounded).
 */
final class InProcessListener implements AutoCloseable {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;
  private volatile int exitCode = -1;
  private volatile Throwable failure;

  /** The UDP address it listens on, HOST:PORT. */
  final String target;

  InProcessListener(String key, String... options) throws InterruptedException {
    List<String> argv =
        new ArrayList<>(
            List.of("listen", "--port", "0", "--bind", "127.0.0.1", "--key", key, "--max-seconds"));
    argv.add("120"); // a bound even if close() is never reached
    argv.addAll(List.of(options));
    thread =
        new Thread(
            () -> {
              try {
                exitCode = ListenCommand.run(argv.toArray(new String[0]), out, stop);
              } catch (CliException e) {
                out.println("zssp listen: " + e.getMessage());
                exitCode = e.exitCode;
              } catch (Throwable t) {
                failure = t;
              }
            },
            "test-listener");
    thread.setDaemon(true);
    thread.start();
    target = "127.0.0.1:" + await("listening on /127\\.0\\.0\\.1:(\\d+) ").group(1);
  }

  /** Everything printed so far. */
  String output() {
    synchronized (bytes) {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  /** Waits (up to 30 s) until the output matches {@code regex}; the match. */
  Matcher await(String regex) throws InterruptedException {
    Pattern p = Pattern.compile(regex);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() - end < 0) {
      Matcher m = p.matcher(output());
      if (m.find()) {
        return m;
      }
      if (!thread.isAlive()) {
        fail("the listener exited (" + exitCode + ", " + failure + "): " + output());
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no '" + regex + "' within 30 s in: " + output());
  }

  /** Stops the listener and waits for it; its exit code. */
  int stop() throws InterruptedException {
    stop.countDown();
    thread.join(TimeUnit.SECONDS.toMillis(15));
    assertTrue(!thread.isAlive(), "the listener did not stop: " + output());
    if (failure != null) {
      throw new AssertionError("the listener failed", failure);
    }
    return exitCode;
  }

  @Override
  public void close() throws InterruptedException {
    if (thread.isAlive()) {
      stop();
    }
  }
}
