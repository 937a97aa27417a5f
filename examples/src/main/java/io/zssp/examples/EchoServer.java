package io.zssp.examples;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.zssp.engine.EngineZssp;
import io.zssp.netty.SessionAcceptor;
import io.zssp.netty.ZsspBootstrap;
import io.zssp.netty.ZsspNettyEndpoint;
import io.zssp.netty.ZsspTransport;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/** A ZSSP echo server on Netty: {@code EchoServer [PORT [KEY_FILE]]} (9993, server.key). */
public final class EchoServer {
  /** Sends every payload back on its session (the ZSSP handler then releases the message). */
  @ChannelHandler.Sharable
  static final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.writeAndFlush(msg);
    }
  }

  /** Binds the server: one epoll channel per core on Linux (SO_REUSEPORT), else one NIO one. */
  public static ZsspNettyEndpoint start(int port, Path keyFile) throws Exception {
    ZsspTransport transport =
        ZsspTransport.builder(EngineZssp::newContext, ExampleConfig.load(keyFile))
            .acceptor(SessionAcceptor.acceptAll())
            .build();
    Echo echo = new Echo();
    ZsspNettyEndpoint server =
        ZsspBootstrap.of(transport).handler(() -> echo).bind(new InetSocketAddress(port));
    System.out.println("listening: " + server);
    return server;
  }

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 9993;
    start(port, Path.of(args.length > 1 ? args[1] : "server.key")).awaitClosed();
  }
}
