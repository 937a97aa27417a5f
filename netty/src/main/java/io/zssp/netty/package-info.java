/**
 * ZSSP over Netty: a {@link io.zssp.api.ZsspContext} plugged into {@code DatagramChannel}
 * pipelines.
 *
 * <h2>Pieces</h2>
 *
 * <ul>
 *   <li>{@link io.zssp.netty.ZsspTransport} builds the context (installing its own datagram sender
 *       and application), runs its timers on an event loop and owns it.
 *   <li>{@link io.zssp.netty.ZsspDatagramHandler}, one per channel ({@link
 *       io.zssp.netty.ZsspTransport#newHandler()}): inbound {@code DatagramPacket}s go to {@code
 *       receive}; decrypted payloads come out as {@link io.zssp.netty.ZsspMessage}s to the next
 *       inbound handler, session events as user events ({@link io.zssp.api.ZsspEvent}); a {@link
 *       io.zssp.netty.ZsspMessage} written to the pipeline is sent on its session.
 *   <li>{@link io.zssp.netty.ZsspBootstrap} binds N channels to one port: epoll with {@code
 *       SO_REUSEPORT} on Linux, so the kernel spreads peers over N event loops; NIO (one channel)
 *       elsewhere.
 * </ul>
 *
 * <h2>Buffer ownership</h2>
 *
 * <p>Every inbound {@code DatagramPacket} is released by the handler exactly once, after {@code
 * receive} returns (the context never retains it). A {@link io.zssp.netty.ZsspMessage} fired to the
 * next handler belongs to that handler, which must release it (or pass it on). A {@link
 * io.zssp.netty.ZsspMessage} written to the pipeline belongs to the ZSSP handler from then on: it
 * is released once its bytes are sealed (or the send failed). Outgoing datagrams are written from
 * buffers of the channel's allocator (pooled by default) and released by Netty once sent.
 *
 * <h2>Threading</h2>
 *
 * <p>Netty's rules apply: each handler runs on its channel's event loop. The context is called from
 * those event loops (receive, timers, writes) and from any thread that calls {@link
 * io.zssp.netty.ZsspTransport#open} or a {@link io.zssp.api.Session} method directly. A context
 * shared by several channels is called from several event loops at once and must be thread-safe:
 * the engine is; the reference implementation serializes every call on one lock, so a transport on
 * it accepts one channel only ({@link io.zssp.netty.ZsspTransport.Builder#threadSafeContext}).
 * Deliveries (messages, events) caused by a call on an event loop go to that channel's pipeline;
 * those caused on any other thread go, through its event loop, to the pipeline of the channel the
 * peer's address hashes to.
 */
package io.zssp.netty;
