package io.zssp.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class PeerAddressTest {
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
