/**
 * The engine: the ZSSP implementation for servers with very many sessions, created by {@link
 * io.zssp.engine.EngineZssp#newContext}. It speaks the same bytes as the reference implementation
 * and serves the same API.
 *
 * <h2>Threading contract</h2>
 *
 * <ul>
 *   <li><b>Any thread, any time.</b> {@code receive}, {@code service}, {@code open}, {@code
 *       sessions}, {@code dropCounts}, {@code stats}, {@code close} and every {@code Session}
 *       method may be called from any number of threads at once.
 *   <li><b>Sessions are independent.</b> Each session has its own lock; packets of different
 *       sessions are processed in parallel, and key ids are looked up in a concurrent map. The
 *       context-wide locks (timer heap, half-open table, hello cache) guard only short bookkeeping
 *       steps: no cryptography, no proof of work and no callback runs under them (the challenge
 *       state is lock-free).
 *   <li><b>No callback under a lock.</b> {@link io.zssp.api.ZsspApplication} callbacks ({@code
 *       onData}, {@code onEvent}, {@code acceptSession}, {@code helloRequiresRecognizedRatchet})
 *       and the {@link io.zssp.api.DatagramSender} are called with no engine lock held, on the
 *       thread that made the call into the engine, or, with {@link
 *       io.zssp.engine.EngineLimits#handshakeWorkers() handshake workers}, on the worker thread
 *       that does a responder's X1 or X3 work (and calls the ratchet store for it). A callback may
 *       block, call back into the same context (for example {@code send} from {@code onData}), or
 *       wait for another thread that calls into it. Events, payloads and datagrams produced while a
 *       session is locked are delivered when the call that produced them has released its locks,
 *       strictly in the order they were produced (the order of the reference implementation's
 *       calls). An exception thrown by a callback is counted as {@link
 *       io.zssp.api.DropReason#INTERNAL_ERROR} and does not stop the rest.
 *   <li><b>The ratchet store</b> is called with at most the lock of the session concerned held
 *       (never a context-wide lock). It must be thread-safe and must not wait for another thread
 *       that is calling into the same session.
 *   <li><b>Order of deliveries.</b> For one session, the payloads and events produced by one call
 *       are delivered in the order the packets were processed. When several threads receive for one
 *       session at once, each thread delivers what it processed, so deliveries from different
 *       threads may interleave in either order (as datagrams may arrive in any order). Every
 *       payload is delivered at most once: the anti-replay window is updated under the session's
 *       lock. Likewise, datagrams that several threads send on one session at once take their
 *       counters in lock order but may reach the transport in another order (each thread hands its
 *       own over when it leaves the lock); the peer's anti-replay window accepts that reordering up
 *       to 128 packets.
 *   <li><b>Timers.</b> {@code service()} runs only the sessions that are due (a heap ordered by
 *       deadline), so its cost does not grow with idle sessions. Its return value is the next
 *       deadline known at that moment; a concurrent {@code receive} or {@code open} may create an
 *       earlier one, so a caller that receives on other threads should call {@code service()} at
 *       least every resend interval (1 s by default).
 * </ul>
 */
package io.zssp.engine;
