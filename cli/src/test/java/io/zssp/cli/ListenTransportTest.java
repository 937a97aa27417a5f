package io.zssp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code listen --transport netty|nio} in this JVM: a real listener on zssp-netty and real {@code
 * connect}s against it, with the same echo and print behaviour and exit codes as on NIO.
 */
class ListenTransportTest {
  @TempDir Path dir;
  private CommandRunner zssp;

  @BeforeEach
  void runner() {
    zssp = new CommandRunner(dir);
  }

  @Test
  void listen_onNetty_echoesConnects_andSaysWhichTransportRuns() throws Exception {
    String bob = zssp.keygen("bob");
    String alice = zssp.keygen("alice");
    try (InProcessListener listener =
        new InProcessListener(bob, "--echo", "--transport", "netty")) {
      listener.await("transport: netty \\(\\d+ (epoll channels?, SO_REUSEPORT|NIO channel)\\)");
      assertEquals(
          0,
          zssp.run(
              "connect",
              listener.target,
              "--key",
              alice,
              "--peer",
              bob + ".pub",
              "--count",
              "100",
              "--size",
              "5000",
              "--timeout",
              "20"),
          zssp.err() + zssp.out());
      assertTrue(zssp.out().contains("echoes: 100"), zssp.out());
      assertEquals(
          0,
          zssp.run(
              "connect",
              listener.target,
              "--key",
              alice,
              "--peer",
              bob + ".pub",
              "--send",
              "hello over netty"),
          zssp.err() + zssp.out());
      assertTrue(zssp.out().contains("echoes: 1"), zssp.out());
      assertEquals(0, listener.stop());
      assertTrue(listener.output().contains("established peer="), listener.output());
      assertTrue(listener.output().trim().endsWith("stopped"), listener.output());
    }
  }

  @Test
  void listen_onNettyWithTheReference_printsMessages_onOneChannel() throws Exception {
    String bob = zssp.keygen("bob");
    String alice = zssp.keygen("alice");
    try (InProcessListener listener =
        new InProcessListener(bob, "--transport", "netty", "--impl", "reference")) {
      listener.await("transport: netty \\(1 (epoll channel, SO_REUSEPORT|NIO channel)\\)");
      assertEquals(
          0,
          zssp.run(
              "connect",
              listener.target,
              "--key",
              alice,
              "--peer",
              bob + ".pub",
              "--send",
              "printed by netty",
              "--no-echo"),
          zssp.err() + zssp.out());
      listener.await("message from=\\S+ bytes=16: printed by netty");
      assertEquals(0, listener.stop());
    }
  }

  @Test
  void listen_onNio_byDefault_saysSo() throws Exception {
    try (InProcessListener listener = new InProcessListener(zssp.keygen("bob"))) {
      listener.await("transport: nio \\(one DatagramChannel, one selector thread\\)");
      assertEquals(0, listener.stop());
    }
  }

  @Test
  void unknownTransport_exit2() {
    String key = zssp.keygen("k");
    assertEquals(2, zssp.run("listen", "--port", "0", "--key", key, "--transport", "epoll"));
    assertTrue(
        zssp.err().contains("--transport must be 'nio' or 'netty', got 'epoll'"), zssp.err());
  }

  @Test
  void portTakenOnNetty_exit3() throws Exception {
    try (InProcessListener first = new InProcessListener(zssp.keygen("bob"))) {
      String port = first.target.split(":")[1];
      assertEquals(
          3,
          zssp.run(
              "listen",
              "--port",
              port,
              "--bind",
              "127.0.0.1",
              "--key",
              zssp.keygen("carol"),
              "--transport",
              "netty"),
          zssp.out() + zssp.err());
      assertTrue(zssp.err().contains("cannot bind /127.0.0.1:" + port), zssp.err());
    }
  }
}
