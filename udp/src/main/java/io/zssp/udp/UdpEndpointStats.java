package io.zssp.udp;

/**
 * A snapshot of a {@link UdpEndpoint}'s transport counters since it started. Protocol-level drops
 * are not here: they are the context's ({@code context().dropCounts()}).
 *
 * @param datagramsReceived datagrams read from the socket and handed to the context
 * @param datagramsSent datagrams the socket accepted
 * @param sendFailures datagrams the socket refused (no buffer space, unsendable address, I/O
 *     error); the context counts each as {@code SEND_FAILED} too
 * @param receiveErrors I/O errors while reading the socket
 * @param contextFailures throwables that escaped the context (or an application callback) on the
 *     I/O thread; the loop kept running
 */
public record UdpEndpointStats(
    long datagramsReceived,
    long datagramsSent,
    long sendFailures,
    long receiveErrors,
    long contextFailures) {}
