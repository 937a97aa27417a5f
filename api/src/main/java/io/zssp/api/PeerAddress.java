package io.zssp.api;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The transport address of a remote endpoint, as opaque bytes. ZSSP itself never interprets it: it
 * keys the hello reassembly cache and the per-source quotas, goes into Bob's challenge MAC, and is
 * handed back to the {@link DatagramSender}. Immutable; equality is by bytes.
 *
 * <p>{@link #of(InetSocketAddress)} encodes UDP addresses as {@code family(1) ‖ ip(4|16) ‖ port(2,
 * big-endian)}; {@link #ofBytes} accepts any encoding a custom transport prefers.
 */
public final class PeerAddress {
  private static final byte FAMILY_IPV4 = 4;
  private static final byte FAMILY_IPV6 = 6;

  private final byte[] bytes;

  private PeerAddress(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The host part, what per-source quotas count (ZSSP-SPEC §15.2): {@link #host(int) host(64)}. */
  public PeerAddress host() {
    return host(64);
  }

  /**
   * The host part, what per-source quotas count (ZSSP-SPEC §15.2): for the UDP encodings of {@link
   * #of(InetSocketAddress)}, the family and IP address without the port, an IPv6 address cut to its
   * first {@code ipv6PrefixBits} bits (64 is one customer's usual allocation); any other encoding
   * counts as a whole and is returned as is.
   *
   * @param ipv6PrefixBits 1 to 128
   */
  public PeerAddress host(int ipv6PrefixBits) {
    if (ipv6PrefixBits < 1 || ipv6PrefixBits > 128) {
      throw new IllegalArgumentException("IPv6 prefix must be 1..128 bits, got " + ipv6PrefixBits);
    }
    if (bytes[0] == FAMILY_IPV4 && bytes.length == 7) {
      return new PeerAddress(Arrays.copyOf(bytes, 5));
    }
    if (bytes[0] == FAMILY_IPV6 && bytes.length == 19) {
      byte[] h = Arrays.copyOf(bytes, 1 + (ipv6PrefixBits + 7) / 8);
      int partial = ipv6PrefixBits % 8;
      if (partial != 0) {
        h[h.length - 1] &= (byte) (0xff << (8 - partial));
      }
      return new PeerAddress(h);
    }
    return this;
  }

  /** An address from its opaque encoding (copied); 1 to 255 bytes. */
  public static PeerAddress ofBytes(byte[] bytes) {
    if (bytes.length == 0 || bytes.length > 255) {
      throw new IllegalArgumentException(
          "address encoding must be 1..255 bytes, got " + bytes.length);
    }
    return new PeerAddress(bytes.clone());
  }

  /** A resolved UDP socket address. */
  public static PeerAddress of(InetSocketAddress address) {
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("unresolved address: " + address);
    }
    byte[] ip = address.getAddress().getAddress();
    byte[] b = new byte[1 + ip.length + 2];
    b[0] = address.getAddress() instanceof Inet4Address ? FAMILY_IPV4 : FAMILY_IPV6;
    System.arraycopy(ip, 0, b, 1, ip.length);
    b[b.length - 2] = (byte) (address.getPort() >>> 8);
    b[b.length - 1] = (byte) address.getPort();
    return new PeerAddress(b);
  }

  /**
   * The UDP socket address this was made from by {@link #of(InetSocketAddress)}.
   *
   * @throws IllegalStateException if the bytes are not such an encoding
   */
  public InetSocketAddress toInetSocketAddress() {
    InetSocketAddress a = decodeUdp();
    if (a == null) {
      throw new IllegalStateException("not a UDP address encoding (" + bytes.length + " bytes)");
    }
    return a;
  }

  private InetSocketAddress decodeUdp() {
    int ipLength = bytes[0] == FAMILY_IPV4 ? 4 : bytes[0] == FAMILY_IPV6 ? 16 : -1;
    if (ipLength < 0 || bytes.length != 1 + ipLength + 2) {
      return null;
    }
    try {
      InetAddress ip = InetAddress.getByAddress(Arrays.copyOfRange(bytes, 1, 1 + ipLength));
      int port = ((bytes[1 + ipLength] & 0xff) << 8) | (bytes[2 + ipLength] & 0xff);
      return new InetSocketAddress(ip, port);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** The opaque encoding (a fresh copy). */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Length of the encoding. */
  public int length() {
    return bytes.length;
  }

  /** Writes the encoding to {@code out[off…]}. */
  public void writeTo(byte[] out, int off) {
    System.arraycopy(bytes, 0, out, off, bytes.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerAddress && Arrays.equals(bytes, ((PeerAddress) o).bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    InetSocketAddress udp = decodeUdp();
    if (udp != null) {
      return udp.toString();
    }
    StringBuilder sb = new StringBuilder("PeerAddress[");
    for (byte b : bytes) {
      sb.append(String.format("%02x", b & 0xff));
    }
    return sb.append(']').toString();
  }
}
