package io.zssp.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zssp.api.ProtocolConstants;
import io.zssp.crypto.Aes256Block;
import io.zssp.wire.FragmentHeader;
import io.zssp.wire.Fragmenter;
import io.zssp.wire.Kid;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz target for the fragment header and canonical fragmentation in {@code io.zssp.wire}, the code
 * both implementations share (ZSSP-SPEC §6.1 to §6.5): any packet (1 byte to beyond the 48-fragment
 * maximum), MTU, key id, type and counter, with or without header protection, is fragmented, and
 * each datagram is parsed back with {@link FragmentHeader}'s readers after removing the protection.
 * Checked: a packet that needs more than 48 fragments is refused with nothing emitted; otherwise
 * the count is {@code ceil(len / (mtu − 16))}, every datagram fits the MTU, carries the key id in
 * clear, numbers 0..count−1, the count, a zero reserved byte, the type and the counter, the sizes
 * are canonical (as even as possible, the longer ones first) and the payloads concatenate to the
 * packet; writing the header read back gives the same 16 bytes. The implementations' reassembly is
 * fuzzed through {@code receive} ({@link ReassemblyTargets}).
 */
class FragmentHeaderFuzzTest {
  private static final byte[] HEADER_KEY = new byte[32];

  static {
    Arrays.fill(HEADER_KEY, (byte) 0x5c);
  }

  private static final Aes256Block ENCRYPT = Peer.CRYPTO.aes256().newBlockEncryptor(HEADER_KEY);
  private static final Aes256Block DECRYPT = Peer.CRYPTO.aes256().newBlockDecryptor(HEADER_KEY);

  @FuzzTest(maxDuration = "10m")
  void fragmentThenParse(FuzzedDataProvider in) {
    int mtu =
        in.consumeBoolean()
            ? in.consumeInt(ProtocolConstants.MIN_TRANSPORT_MTU, 1600)
            : in.consumeInt(ProtocolConstants.MIN_TRANSPORT_MTU, 65_535);
    int max = Fragmenter.maxPacketSize(mtu);
    int len = in.consumeInt(1, Math.min(max + 64, 1 << 17));
    int kid = in.consumeInt();
    int type = in.consumeInt(0, 255);
    long counter = in.consumeLong();
    boolean protect = in.consumeBoolean() && len >= 4;
    byte[] packet = Arrays.copyOf(in.consumeBytes(len), len);
    for (int i = 0; i < len; i++) {
      packet[i] ^= (byte) (i * 7);
    }
    check(packet, mtu, kid, type, counter, protect);
  }

  static void check(byte[] packet, int mtu, int kid, int type, long counter, boolean protect) {
    int len = packet.length;
    List<byte[]> out = new ArrayList<>();
    byte[] kidBytes = Kid.bytes(kid);
    Allocation.Meter meter = Allocation.start();
    boolean sent =
        Fragmenter.fragment(
            packet,
            0,
            len,
            kidBytes,
            type,
            counter,
            mtu,
            protect ? ENCRYPT : null,
            (d, off, n) -> out.add(Arrays.copyOfRange(d, off, off + n)));
    long count = ((long) len + (mtu - 16) - 1) / (mtu - 16);
    // The fragmenter's one buffer (at most an MTU) and, in this sink, a copy of each datagram
    // (the packet plus 16 bytes a fragment) and the list: linear, nothing per byte beyond that.
    meter.check(
        16 * 1024 + mtu + 2 * ((long) len + 16 * Math.min(count, 48)),
        () -> len + "-byte packet at MTU " + mtu);
    if (count > ProtocolConstants.MAX_FRAGMENTS) {
      assertFalse(sent, "a packet of more than 48 fragments must be refused");
      assertEquals(0, out.size(), "a refused packet must emit nothing");
      assertTrue(len > Fragmenter.maxPacketSize(mtu));
      return;
    }
    assertTrue(sent);
    assertEquals(count, out.size(), "fragment count");
    assertEquals(count, Fragmenter.fragmentCount(len, mtu));
    ByteArrayOutputStream payloads = new ByteArrayOutputStream();
    int previous = Integer.MAX_VALUE;
    for (int i = 0; i < out.size(); i++) {
      byte[] d = out.get(i);
      assertTrue(d.length <= mtu, "datagram above the MTU");
      assertTrue(d.length > FragmentHeader.SIZE, "empty fragment");
      int size = d.length - FragmentHeader.SIZE;
      assertEquals(Fragmenter.fragmentSize(len, (int) count, i), size);
      assertTrue(size <= previous && previous - size <= 1 || i == 0, "sizes not canonical");
      previous = size;
      assertEquals(kid, Kid.read(d, 0), "kid");
      if (protect) {
        DECRYPT.processBlock(
            d, FragmentHeader.PROTECTED_OFFSET, d, FragmentHeader.PROTECTED_OFFSET);
      }
      assertEquals(i, FragmentHeader.fragmentNo(d, 0), "fragment number");
      assertEquals(count, FragmentHeader.fragmentCount(d, 0), "fragment count in the header");
      assertEquals(0, FragmentHeader.reserved(d, 0), "reserved byte");
      assertEquals(type, FragmentHeader.type(d, 0), "type");
      assertEquals(counter, FragmentHeader.counter(d, 0), "counter");
      byte[] again = new byte[FragmentHeader.SIZE];
      FragmentHeader.write(again, 0, kidBytes, i, (int) count, type, counter);
      assertArrayEquals(Arrays.copyOf(d, FragmentHeader.SIZE), again, "write(read(header))");
      payloads.write(d, FragmentHeader.SIZE, size);
    }
    assertArrayEquals(packet, payloads.toByteArray(), "payloads do not concatenate to the packet");
  }
}
