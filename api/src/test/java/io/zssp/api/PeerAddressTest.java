package io.zssp.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class PeerAddressTest {
  @Test
  void host_dropsThePort_andCutsIpv6ToItsPrefix() {
    PeerAddress a = PeerAddress.of(new InetSocketAddress("192.0.2.7", 1000));
    PeerAddress b = PeerAddress.of(new InetSocketAddress("192.0.2.7", 2000));
    assertNotEquals(a, b);
    assertEquals(a.host(), b.host(), "the port does not count");
    assertNotEquals(
        a.host(), PeerAddress.of(new InetSocketAddress("192.0.2.8", 1000)).host(), "the IP does");
    PeerAddress v6a = PeerAddress.of(new InetSocketAddress("2001:db8:1:2:aaaa::1", 9));
    PeerAddress v6b = PeerAddress.of(new InetSocketAddress("2001:db8:1:2:bbbb::2", 9));
    PeerAddress v6c = PeerAddress.of(new InetSocketAddress("2001:db8:1:3::1", 9));
    assertEquals(v6a.host(), v6b.host(), "same /64");
    assertNotEquals(v6a.host(), v6c.host(), "another /64");
    assertEquals(v6a.host(48), v6c.host(48), "same /48");
    assertNotEquals(v6a.host(128), v6b.host(128));
    assertEquals(
        PeerAddress.of(new InetSocketAddress("2001:db8:1:2:aaaa::1", 9)).host(60),
        PeerAddress.of(new InetSocketAddress("2001:db8:1:f:aaaa::1", 9)).host(60),
        "a prefix that ends inside a byte masks its low bits");
    PeerAddress opaque = PeerAddress.ofBytes(new byte[] {10, 0, 0, 1});
    assertEquals(opaque, opaque.host(), "other encodings count whole");
    assertThrows(IllegalArgumentException.class, () -> a.host(0));
    assertThrows(IllegalArgumentException.class, () -> a.host(129));
  }

  @Test
  void of_udpAddresses_roundTrip() {
    for (String host : new String[] {"127.0.0.1", "::1", "10.0.0.2"}) {
      InetSocketAddress a = new InetSocketAddress(host, 9993);
      PeerAddress p = PeerAddress.of(a);
      assertEquals(a, p.toInetSocketAddress());
      assertEquals(p, PeerAddress.ofBytes(p.bytes()));
      assertEquals(a.toString(), p.toString());
    }
    assertEquals(7, PeerAddress.of(new InetSocketAddress("127.0.0.1", 1)).length());
  }

  @Test
  void ofBytes_opaque_hasHexToStringAndRefusesUdpDecoding() {
    PeerAddress p = PeerAddress.ofBytes(new byte[] {10, 0, 0, 1, (byte) 0x9c, 0x41});
    assertEquals("PeerAddress[0a0000019c41]", p.toString());
    assertThrows(IllegalStateException.class, p::toInetSocketAddress);
    assertNotEquals(p, PeerAddress.ofBytes(new byte[] {10, 0, 0, 1, (byte) 0x9c, 0x42}));
    assertThrows(IllegalArgumentException.class, () -> PeerAddress.ofBytes(new byte[0]));
  }
}
