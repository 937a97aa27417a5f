package io.zssp.cli;

import io.zssp.api.ChallengePolicy;
import io.zssp.api.DataTooLargeException;
import io.zssp.api.DropReason;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.OpenOptions;
import io.zssp.api.ProtocolConstants;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Session;
import io.zssp.api.ZsspEvent;
import io.zssp.api.ZsspSettings;
import io.zssp.udp.KeyFiles;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code zssp demo}: Alice and Bob as two UDP endpoints in this process on 127.0.0.1. Handshake,
 * messages both ways from 0 bytes to sizes that need many fragments, rekeys (a 2 s rekey interval
 * makes them happen during the demo), and a summary table. Exit 0 if every check passed.
 */
final class DemoCommand {
  private static final int MTU = 1400;
  private static final int[] SIZES = {
    0, 1, 100, 1_400, 5_000, 20_000, ProtocolConstants.maxPayloadSize(MTU)
  };
  private static final long WAIT_MILLIS = 10_000;

  private DemoCommand() {}

  static int run(String[] argv, PrintStream out) throws CliException {
    Args args = Args.parse(argv, 1, Set.of("rekeys", "impl", "crypto"), Set.of("verbose"));
    int wantedRekeys = args.intValue("rekeys", 2, 1, 100);
    Implementation implementation = Implementation.parse(args.get("impl"));
    ZsspSettings settings =
        ZsspSettings.builder().rekeyAfterMillis(2_000).rekeyMaxJitterMillis(500).build();
    LinkedBlockingQueue<byte[]> toAlice = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<byte[]> toBob = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<Session> bobSessions = new LinkedBlockingQueue<>();
    AtomicInteger rekeys = new AtomicInteger();
    long startNanos = System.nanoTime();
    CryptoChoice.Resolved crypto = CryptoChoice.parse(args.get("crypto")).resolve();
    out.println(crypto.line());
    var p384 = crypto.provider().p384();
    CliNode.Spec bobSpec =
        new CliNode.Spec(
            "bob  ",
            p384.generateKeyPair(),
            new InMemoryRatchetStore(),
            CliNode.parseAddress("127.0.0.1:0"),
            MTU,
            false,
            ChallengePolicy.OFF,
            k -> true,
            settings,
            args.flag("verbose"),
            implementation,
            0,
            crypto.provider(),
            Transport.NIO,
            (s, d) -> toBob.add(d),
            (s, e) -> {
              if (e instanceof ZsspEvent.SessionEstablished) {
                bobSessions.add(s);
              }
            });
    CliNode.Spec aliceSpec =
        new CliNode.Spec(
            "alice",
            p384.generateKeyPair(),
            new InMemoryRatchetStore(),
            CliNode.parseAddress("127.0.0.1:0"),
            MTU,
            false,
            ChallengePolicy.OFF,
            k -> true,
            settings,
            args.flag("verbose"),
            implementation,
            0,
            crypto.provider(),
            Transport.NIO,
            (s, d) -> toAlice.add(d),
            (s, e) -> {
              if (e instanceof ZsspEvent.Rekeyed) {
                rekeys.incrementAndGet();
              }
            });
    try (CliNode bob = new CliNode(bobSpec, out);
        CliNode alice = new CliNode(aliceSpec, out)) {
      out.println(
          "bob listens on "
              + bob.endpoint.localAddress()
              + " as "
              + KeyFiles.publicKeyHex(bob.key.publicKey()));
      long t0 = System.nanoTime();
      Session a =
          alice.endpoint.open(
              bob.key.publicKey(),
              bob.endpoint.localAddress(),
              OpenOptions.builder().mtu(MTU).identity("alice@demo".getBytes()).build());
      Session b = bobSessions.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
      waitUntil(() -> a.state().canSend(), "alice's session to establish");
      double handshakeMs = (System.nanoTime() - t0) / 1e6;
      if (b == null) {
        throw new CliException(CliException.FAILED, "bob saw no session");
      }
      List<String[]> rows = new ArrayList<>();
      rows.add(
          new String[] {"handshake (X1, X2, X3, C1, C2)", String.format("%.1f ms", handshakeMs)});
      int sent = exchange(a, b, toAlice, toBob, rows);
      long rekeyStart = System.nanoTime();
      int round = 0;
      while (rekeys.get() < wantedRekeys) {
        if ((System.nanoTime() - rekeyStart) / 1_000_000 > WAIT_MILLIS * wantedRekeys) {
          throw new CliException(CliException.FAILED, "only " + rekeys.get() + " rekey(s) seen");
        }
        sent += roundTrip(a, b, toAlice, toBob, ("during rekeys " + round++).getBytes());
        Thread.sleep(200);
      }
      sent += roundTrip(a, b, toAlice, toBob, "after the rekeys".getBytes());
      rows.add(new String[] {"messages each way (all verified)", Integer.toString(sent)});
      rows.add(
          new String[] {
            "rekeys completed (Noise KK, ratchet advanced)", Integer.toString(rekeys.get())
          });
      rows.add(
          new String[] {
            "ratchet chain length",
            Long.toString(
                ((InMemoryRatchetStore) aliceSpec.store())
                    .load(bob.key.publicKey().encoded())
                    .state1()
                    .chainLength())
          });
      rows.add(new String[] {"dropped datagrams (alice / bob)", drops(alice) + " / " + drops(bob)});
      rows.add(
          new String[] {
            "total time", String.format("%.2f s", (System.nanoTime() - startNanos) / 1e9)
          });
      printTable(out, rows, implementation);
      return CliException.OK;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(CliException.FAILED, "interrupted");
    } catch (RatchetStoreException e) {
      throw new CliException(CliException.IO, "ratchet store: " + e.getMessage(), e);
    }
  }

  private static int exchange(
      Session a,
      Session b,
      LinkedBlockingQueue<byte[]> toAlice,
      LinkedBlockingQueue<byte[]> toBob,
      List<String[]> rows)
      throws CliException, InterruptedException {
    int n = 0;
    for (int size : SIZES) {
      byte[] m = new byte[size];
      for (int i = 0; i < size; i++) {
        m[i] = (byte) (i * 7 + size);
      }
      n += roundTrip(a, b, toAlice, toBob, m);
      int fragments = (size + 16 + MTU - 17) / (MTU - 16);
      rows.add(
          new String[] {
            String.format("%,d-byte message both ways", size),
            Math.max(fragments, 1) + " fragment(s) each"
          });
    }
    return n;
  }

  /** Alice sends {@code m}, Bob checks it and sends it back reversed, Alice checks that. */
  private static int roundTrip(
      Session a,
      Session b,
      LinkedBlockingQueue<byte[]> toAlice,
      LinkedBlockingQueue<byte[]> toBob,
      byte[] m)
      throws CliException, InterruptedException {
    try {
      a.send(m, 0, m.length);
      expect(toBob.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS), m, "alice → bob");
      byte[] reply = m.clone();
      for (int i = 0; i < reply.length / 2; i++) {
        byte t = reply[i];
        reply[i] = reply[reply.length - 1 - i];
        reply[reply.length - 1 - i] = t;
      }
      b.send(reply, 0, reply.length);
      expect(toAlice.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS), reply, "bob → alice");
      return 1;
    } catch (DataTooLargeException e) {
      throw new CliException(CliException.FAILED, e.getMessage(), e);
    }
  }

  private static void expect(byte[] got, byte[] want, String what) throws CliException {
    if (got == null) {
      throw new CliException(
          CliException.FAILED, what + ": message of " + want.length + " bytes did not arrive");
    }
    if (!Arrays.equals(got, want)) {
      throw new CliException(CliException.FAILED, what + ": message corrupted");
    }
  }

  private static long drops(CliNode node) {
    Map<DropReason, Long> d = node.endpoint.context().dropCounts();
    return d.values().stream().mapToLong(Long::longValue).sum();
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition, String what)
      throws CliException, InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new CliException(CliException.FAILED, "timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  private static void printTable(
      PrintStream out, List<String[]> rows, Implementation implementation) {
    int w = rows.stream().mapToInt(r -> r[0].length()).max().orElse(10);
    out.println();
    out.println(
        "ZSSP demo summary ("
            + implementation.label
            + " implementation, UDP loopback, MTU "
            + MTU
            + ")");
    out.println("-".repeat(w + 24));
    for (String[] r : rows) {
      out.println(String.format("%-" + w + "s  %s", r[0], r[1]));
    }
    out.println("-".repeat(w + 24));
    out.println("all checks passed");
  }
}
