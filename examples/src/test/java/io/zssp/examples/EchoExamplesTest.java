package io.zssp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zssp.netty.ZsspNettyEndpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two examples as documented: the server generates its key, the client reads its .pub. */
class EchoExamplesTest {
  @Test
  void echoClient_getsEveryEchoFromTheEchoServer(@TempDir Path dir) throws Exception {
    Path serverKey = dir.resolve("server.key");
    try (ZsspNettyEndpoint server = EchoServer.start(0, serverKey)) {
      InetSocketAddress at =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), server.localAddress().getPort());
      int status = EchoClient.run(at, serverKey + ".pub", 5, dir.resolve("client.key"));
      assertEquals(0, status, "EchoClient's exit status");
    }
    assertEquals(true, Files.isRegularFile(dir.resolve("client.key.pub")));
  }
}
