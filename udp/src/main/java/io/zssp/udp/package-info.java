/**
 * ZSSP at the edge: a UDP endpoint over {@link java.nio.channels.DatagramChannel} that drives any
 * {@link io.zssp.api.ZsspContext} (socket, receive loop, timer loop, graceful shutdown), a durable
 * file-backed {@link io.zssp.api.RatchetStore}, and static key files (PEM PKCS#8 / SPKI and the
 * 49-byte compressed public key in hex).
 */
package io.zssp.udp;
