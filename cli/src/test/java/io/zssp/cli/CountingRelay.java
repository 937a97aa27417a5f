package io.zssp.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test fixture: a UDP relay on 127.0.0.1 between one client and a server, counting the datagrams
 * and bytes it forwards each way, so a test knows exactly what the server received and sent. The
 * client is whoever sends to it first from an address other than the server's. One thread, which
 * {@link #close()} stops.
 */
final class CountingRelay implements AutoCloseable {
  final AtomicLong toServerDatagrams = new AtomicLong();
  final AtomicLong toServerBytes = new AtomicLong();
  final AtomicLong toClientDatagrams = new AtomicLong();
  final AtomicLong toClientBytes = new AtomicLong();

  private final DatagramSocket socket;
  private final InetSocketAddress server;
  private final Thread thread;
  private volatile boolean closed;
  private volatile SocketAddress client;

  CountingRelay(InetSocketAddress server) throws IOException {
    this.server = server;
    this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    socket.setSoTimeout(100);
    socket.setReceiveBufferSize(4 << 20);
    thread = new Thread(this::run, "test-relay");
    thread.setDaemon(true);
    thread.start();
  }

  /** Where the client sends: HOST:PORT. */
  String target() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  private void run() {
    byte[] buf = new byte[65_535];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    while (!closed) {
      try {
        p.setLength(buf.length);
        socket.receive(p);
        SocketAddress from = p.getSocketAddress();
        if (from.equals(server)) {
          if (client != null) {
            toClientDatagrams.incrementAndGet();
            toClientBytes.addAndGet(p.getLength());
            socket.send(new DatagramPacket(buf, p.getLength(), client));
          }
        } else {
          client = from;
          toServerDatagrams.incrementAndGet();
          toServerBytes.addAndGet(p.getLength());
          socket.send(new DatagramPacket(buf, p.getLength(), server));
        }
      } catch (SocketTimeoutException e) {
        // look at the flag again
      } catch (IOException e) {
        if (!closed) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    thread.join(5_000);
    socket.close();
  }
}
