package io.zssp.cli;

import io.zssp.api.ChallengePolicy;
import io.zssp.api.DataTooLargeException;
import io.zssp.api.RatchetStore;
import io.zssp.api.Session;
import io.zssp.api.ZsspSettings;
import io.zssp.crypto.P384KeyPair;
import io.zssp.udp.FileRatchetStore;
import io.zssp.udp.KeyFiles;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code zssp listen}: accept sessions and print (or echo) what arrives. */
final class ListenCommand {
  /** Ratchet records kept by a listener without --allow (the least recently used beyond go). */
  static final int DEFAULT_OPEN_RECORDS = 100_000;

  private ListenCommand() {}

  /** {@code --challenge always|under-load|off}; under load (ZSSP-SPEC §15.2) by default. */
  static ChallengePolicy challengePolicy(String value) throws CliException {
    if (value == null) {
      return ChallengePolicy.UNDER_LOAD;
    }
    switch (value) {
      case "always":
        return ChallengePolicy.ALWAYS;
      case "under-load":
        return ChallengePolicy.UNDER_LOAD;
      case "off":
        return ChallengePolicy.OFF;
      default:
        throw CliException.usage(
            "--challenge must be 'always', 'under-load' or 'off', got '" + value + "'");
    }
  }

  static int run(String[] argv, PrintStream out) throws CliException {
    return run(argv, out, new CountDownLatch(1));
  }

  /**
   * {@link #run(String[], PrintStream)} that also stops when {@code stop} is counted down (as on
   * SIGTERM): the tests run a listener in-process with it.
   */
  static int run(String[] argv, PrintStream out, CountDownLatch stop) throws CliException {
    Args args =
        Args.parse(
            argv,
            1,
            Set.of(
                "port",
                "key",
                "bind",
                "allow",
                "store",
                "store-password-file",
                "mtu",
                "max-seconds",
                "impl",
                "challenge",
                "max-ratchet-records",
                "handshake-workers",
                "crypto",
                "transport",
                "metrics"),
            Set.of("echo", "require-ratchet", "verbose"));
    if (!args.positional().isEmpty()) {
      throw CliException.usage("unexpected argument '" + args.positional().get(0) + "'");
    }
    int port = args.intValue("port", -1, 0, 65535);
    if (port < 0) {
      throw CliException.usage("missing required option --port");
    }
    String keyFile = args.require("key");
    boolean echo = args.flag("echo");
    int maxSeconds = args.intValue("max-seconds", 0, 0, Integer.MAX_VALUE);
    Implementation implementation = Implementation.parse(args.get("impl"));
    if (implementation == Implementation.REFERENCE && args.get("handshake-workers") != null) {
      throw CliException.usage("--handshake-workers needs the engine (--impl engine)");
    }
    // Public-key work off the receiving thread, one worker per core (issue 10: hellos must not
    // stall established sessions).
    int workers =
        args.intValue("handshake-workers", Runtime.getRuntime().availableProcessors(), 0, 1024);
    Transport transport = Transport.parse(args.get("transport"));
    InetSocketAddress metricsAt = MetricsServer.parseAddress(args.get("metrics"));
    MetricsServer metrics = metricsAt == null ? null : new MetricsServer();
    CryptoChoice.Resolved crypto = CryptoChoice.parse(args.get("crypto")).resolve();
    InetSocketAddress bind =
        CliNode.parseAddress(
            (args.get("bind") != null ? args.get("bind") : "0.0.0.0") + ":" + port);
    String storeOption = args.get("store");
    StoreOption.Postgres postgres = null;
    if (StoreOption.isPostgres(storeOption)) {
      postgres = StoreOption.parse(storeOption);
      if (args.get("max-ratchet-records") != null) {
        throw CliException.usage(
            "--max-ratchet-records is not supported with a postgresql store (the shared store"
                + " has no record cap yet)");
      }
    } else if (args.get("store-password-file") != null) {
      throw CliException.usage("--store-password-file needs --store postgresql://...");
    }
    String storeLine;
    RatchetStore store;
    P384KeyPair key = CliNode.readKey(keyFile, crypto.provider());
    if (postgres != null) {
      store =
          StoreOption.openPostgres(postgres, StoreOption.password(args.get("store-password-file")));
      storeLine = "ratchet store: " + postgres.display() + " (shared, no record cap)";
    } else {
      // An open listener records anyone who completes a handshake: capped by default.
      int cap =
          args.intValue(
              "max-ratchet-records",
              args.get("allow") == null ? DEFAULT_OPEN_RECORDS : Integer.MAX_VALUE,
              1,
              Integer.MAX_VALUE);
      FileRatchetStore files = CliNode.openStore(storeOption, keyFile, cap);
      store = files;
      storeLine =
          "ratchet store: directory "
              + CliNode.storePath(storeOption, keyFile)
              + (cap == Integer.MAX_VALUE ? "" : " (at most " + cap + " records)");
    }
    CliNode.Spec spec =
        new CliNode.Spec(
            "",
            key,
            store,
            bind,
            args.intValue("mtu", 1400, 128, 65_507),
            args.flag("require-ratchet"),
            challengePolicy(args.get("challenge")),
            CliNode.allowList(args.get("allow")),
            ZsspSettings.DEFAULTS,
            args.flag("verbose"),
            implementation,
            workers,
            crypto.provider(),
            transport,
            (s, data) -> onData(s, data, echo, out),
            metrics == null ? (s, e) -> {} : (s, e) -> metrics.binder().onEvent(e));
    // SIGTERM/SIGINT: the hook asks the main thread to stop and waits (bounded) until it has
    // closed the endpoint and the sessions, since the JVM halts as soon as its hooks return.
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                closed.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "zssp-listen-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    boolean opened = false;
    try (CliNode node = new CliNode(spec, out);
        MetricsServer server = metrics) {
      if (server != null) {
        server.start(metricsAt, node.endpoint.context());
      }
      node.print(
          "listening on "
              + node.endpoint.localAddress()
              + " as "
              + KeyFiles.publicKeyHex(node.key.publicKey())
              + " ("
              + spec.implementation().label
              + " implementation)");
      node.print(crypto.line()); // second: scripts read the address from the first line
      node.print(node.endpoint.describe());
      node.print(storeLine);
      if (server != null) {
        node.print("metrics on " + server.url());
      }
      long end = maxSeconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds) : 0;
      while (!stop.await(200, TimeUnit.MILLISECONDS)) {
        Throwable failure = node.endpoint.failure();
        if (failure != null) { // the endpoint closed itself: never stay alive but deaf
          throw new CliException(
              CliException.FAILED, "the receive loop failed and the endpoint closed: " + failure);
        }
        if (maxSeconds > 0 && System.nanoTime() - end >= 0) {
          break;
        }
      }
      node.print("shutting down");
      opened = true; // and closed when the try ends: endpoint, sessions, ratchet store
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (opened) {
        out.println("stopped");
        out.flush();
      }
      closed.countDown(); // the node is closed (or never opened)
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already exiting
      }
    }
    return CliException.OK;
  }

  private static void onData(Session s, byte[] data, boolean echo, PrintStream out) {
    if (echo) {
      try {
        s.send(data, 0, data.length);
      } catch (DataTooLargeException | IllegalStateException e) {
        out.println("cannot echo " + data.length + " bytes: " + e.getMessage());
      }
      return;
    }
    synchronized (out) {
      out.println(
          "message from=" + s.remoteAddress() + " bytes=" + data.length + ": " + printable(data));
      out.flush();
    }
  }

  /** The message as text if it is printable UTF-8 of reasonable length, else a size note. */
  static String printable(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    boolean ok = data.length <= 512 && text.codePoints().allMatch(c -> c >= 0x20 || c == '\t');
    return ok ? text : "<" + data.length + " bytes of binary data>";
  }
}
