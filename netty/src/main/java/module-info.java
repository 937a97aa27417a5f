/**
 * ZSSP in a Netty datagram pipeline: {@link io.zssp.netty.ZsspTransport} serves one context through
 * one or more channels, {@link io.zssp.netty.ZsspDatagramHandler} is its handler in each channel's
 * pipeline, and {@link io.zssp.netty.ZsspBootstrap} binds several epoll channels to one port with
 * {@code SO_REUSEPORT} on Linux (NIO elsewhere).
 */
module io.zssp.netty {
  requires transitive io.zssp.api;
  requires transitive io.netty.common;
  requires transitive io.netty.buffer;
  requires transitive io.netty.transport;
  requires io.netty.transport.classes.epoll;
  requires io.netty.transport.unix.common;

  exports io.zssp.netty;
}
