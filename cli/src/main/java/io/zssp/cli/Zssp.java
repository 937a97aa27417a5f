package io.zssp.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Properties;

/**
 * The {@code zssp} command: generate keys, listen for sessions, connect to a listener, or run a
 * self-contained demo. Each subcommand prints one line per event on stdout and exits with 0 on
 * success, 1 when the operation failed, 2 for bad arguments and 3 for unreadable files or keys.
 */
public final class Zssp {
  static final String USAGE =
      String.join(
          "\n",
          "usage: zssp <command> [options]",
          "       zssp --version | --help",
          "",
          "commands:",
          "  keygen  --out FILE [--force]",
          "            write a P-384 static key pair: FILE (PEM PKCS#8), FILE.pub (PEM SPKI);",
          "            prints the 49-byte compressed public key in hex",
          "  listen  --port P --key FILE [--bind ADDR] [--allow KEYS] [--echo] [--require-ratchet]",
          "          [--challenge always|under-load|off] [--store DIR|postgresql://HOST[:PORT]/DB[?user=U]]",
          "          [--store-password-file FILE] [--mtu N] [--max-seconds S]",
          "          [--max-ratchet-records N] [--handshake-workers N] [--impl I] [--crypto C]",
          "          [--transport nio|netty] [--metrics HOST:PORT] [--verbose]",
          "            --store postgresql://...: the ratchet records in PostgreSQL, shared by a fleet",
          "            of listeners (docs/STORE-JDBC.md); the password from ZSSP_STORE_PASSWORD or",
          "            --store-password-file, never in the URL",
          "            --transport: nio (the default: one socket, one thread) or netty (on Linux",
          "            one epoll channel per core sharing the port with SO_REUSEPORT)",
          "            --metrics: serve Prometheus text on http://HOST:PORT/metrics (HOST",
          "            defaults to 127.0.0.1: ':9464' binds loopback only)",
          "            --handshake-workers: threads for responders' public-key work, off the",
          "            receiving thread (engine only; default one per core, 0 = inline)",
          "            --challenge: when to demand the proof of work (default under-load: when",
          "            X1s come faster than the responder's budget or half-open entries pile up)",
          "            --require-ratchet refuses peers without a recognized ratchet (strict mode:",
          "            the first contact must happen without it)",
          "            accept sessions; print events and messages (or echo them with --echo)",
          "  connect HOST:PORT --key FILE --peer PUBKEY_FILE_OR_HEX [--send TEXT | --stdin]",
          "          [--count N --size BYTES] [--no-echo] [--require-ratchet] [--store DIR] [--mtu N]",
          "          [--timeout SECONDS] [--impl I] [--crypto C] [--verbose]",
          "            open a session, send, wait for echoes, print latency and throughput",
          "  demo    [--rekeys N] [--impl I] [--crypto C] [--verbose]",
          "            two endpoints on loopback: handshake, messages both ways (fragmented too),",
          "            rekeys, and a summary table",
          "  bench   [JMH options]   (from a source checkout: ./zssp bench)",
          "            a two-minute JMH run of the protocol benchmarks, reference and engine side by",
          "            side, printed as one table (docs/BENCHMARKS.md has the full set)",
          "",
          "KEYS for --allow: comma-separated public key files or hex keys.",
          "I for --impl: engine (the default, for servers) or reference (the readable oracle);",
          "the two interoperate.",
          "C for --crypto: auto (the default: native where it works, else default), native",
          "(AWS-LC through ACCP, Linux x86-64/aarch64; several times the handshake rate) or",
          "default (BouncyCastle P-384, JDK AES); peers on either interoperate.",
          "The ratchet store defaults to FILE.ratchets/ next to the key file. A listener without",
          "--allow keeps at most 100,000 peer records (--max-ratchet-records): beyond that the",
          "least recently used record of a peer that never rekeyed goes first.");

  private Zssp() {}

  public static void main(String[] argv) {
    System.exit(run(argv, System.out, System.err));
  }

  /** The project version, from the build (resource {@code version.properties}). */
  static String version() {
    Properties p = new Properties();
    try (InputStream in = Zssp.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through to "unknown"
    }
    return p.getProperty("version", "unknown");
  }

  /** Runs a command; returns its exit code (testable without exiting the JVM). */
  static int run(String[] argv, PrintStream out, PrintStream err) {
    if (argv.length == 0
        || argv[0].equals("--help")
        || argv[0].equals("-h")
        || argv[0].equals("help")) {
      (argv.length == 0 ? err : out).println(USAGE);
      return argv.length == 0 ? CliException.USAGE : CliException.OK;
    }
    if (argv[0].equals("--version") || argv[0].equals("version")) {
      out.println("zssp " + version());
      return CliException.OK;
    }
    try {
      switch (argv[0]) {
        case "keygen":
          return KeygenCommand.run(argv, out);
        case "listen":
          return ListenCommand.run(argv, out);
        case "connect":
          return ConnectCommand.run(argv, out);
        case "demo":
          return DemoCommand.run(argv, out);
        case "bench":
          throw new CliException(
              CliException.USAGE,
              "the benchmarks are not part of this jar; from a source checkout, run ./zssp bench");
        default:
          err.println("zssp: unknown command '" + argv[0] + "'");
          err.println(USAGE);
          return CliException.USAGE;
      }
    } catch (CliException e) {
      err.println("zssp " + argv[0] + ": " + e.getMessage());
      if (e.exitCode == CliException.USAGE) {
        err.println("run 'zssp --help' for usage");
      }
      return e.exitCode;
    } catch (RuntimeException e) {
      err.println("zssp " + argv[0] + ": internal error: " + e);
      err.println("  arguments: " + Arrays.toString(argv));
      return CliException.FAILED;
    }
  }
}
