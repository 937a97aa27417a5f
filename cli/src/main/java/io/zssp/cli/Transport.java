package io.zssp.cli;

/**
 * The socket layer a node runs on ({@code listen --transport}): {@link #NIO}, the {@code zssp-udp}
 * endpoint (one channel, one thread), by default; or {@link #NETTY}, {@code zssp-netty}'s transport
 * (on Linux one epoll channel per core sharing the port with {@code SO_REUSEPORT}).
 */
enum Transport {
  NIO("nio"),
  NETTY("netty");

  final String label;

  Transport(String label) {
    this.label = label;
  }

  /** The transport named by {@code --transport} (null: NIO). */
  static Transport parse(String name) throws CliException {
    if (name == null) {
      return NIO;
    }
    for (Transport t : values()) {
      if (t.label.equals(name)) {
        return t;
      }
    }
    throw CliException.usage("--transport must be 'nio' or 'netty', got '" + name + "'");
  }
}
