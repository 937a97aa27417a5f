package io.zssp.examples;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.zssp.api.OpenOptions;
import io.zssp.api.Session;
import io.zssp.engine.EngineZssp;
import io.zssp.netty.ZsspBootstrap;
import io.zssp.netty.ZsspMessage;
import io.zssp.netty.ZsspNettyEndpoint;
import io.zssp.netty.ZsspTransport;
import io.zssp.udp.KeyFiles;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A ZSSP echo client on Netty: {@code EchoClient HOST PORT SERVER_KEY(.pub|hex) [COUNT]}. */
public final class EchoClient {
  /** Sends {@code count} messages, prints the echoes: 0 once all came back, else 1. */
  public static int run(InetSocketAddress server, String serverKey, int count, Path keyFile)
      throws Exception {
    var config = ExampleConfig.load(keyFile);
    ZsspTransport transport = ZsspTransport.builder(EngineZssp::newContext, config).build();
    CountDownLatch echoes = new CountDownLatch(count);
    var printer = // SimpleChannelInboundHandler releases each message after channelRead0
        new SimpleChannelInboundHandler<ZsspMessage>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, ZsspMessage echo) {
            System.out.println("echo: " + echo.content().toString(StandardCharsets.UTF_8));
            echoes.countDown();
          }
        };
    var bootstrap = ZsspBootstrap.of(transport).channels(1).handler(() -> printer);
    try (ZsspNettyEndpoint client = bootstrap.bind(new InetSocketAddress(0))) {
      var peer = KeyFiles.readPublicKey(serverKey, ExampleConfig.CRYPTO.p384());
      Session session = transport.open(peer, server, OpenOptions.builder().build());
      for (int i = 0; i < 500 && !session.state().canSend(); i++) {
        Thread.sleep(20); // the handshake: up to 10 s
      }
      for (int i = 0; i < count && session.state().canSend(); i++) {
        var text = Unpooled.copiedBuffer("hello " + i, StandardCharsets.UTF_8);
        client.channels().get(0).writeAndFlush(new ZsspMessage(session, text));
      }
      return echoes.await(10, TimeUnit.SECONDS) ? 0 : 1;
    }
  }

  public static void main(String[] args) throws Exception {
    var server = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
    int count = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    System.exit(run(server, args[2], count, Path.of("client.key")));
  }
}
