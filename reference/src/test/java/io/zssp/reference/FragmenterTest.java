package io.zssp.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zssp.api.ProtocolConstants;
import io.zssp.crypto.Aes256;
import io.zssp.crypto.Aes256Block;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.testkit.Hex;
import io.zssp.testkit.VectorFiles;
import io.zssp.wire.FragmentHeader;
import io.zssp.wire.Fragmenter;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Canonical fragmentation (ZSSP-SPEC §6.5) and header protection (§6.3): every packet of every
 * transcript is rebuilt from its datagrams and re-fragmented byte for byte, then the §6.5 examples.
 */
class FragmenterTest {
  private static final Aes256 AES = DefaultCryptoProvider.create().aes256();
  private static final byte[] KID = Hex.decode("a1b2c3d4");
  private static final long COUNTER = 0x8877665544332211L;
  private static final byte[] KID_32 = new byte[32];

  /** Packets per transcript (pinned by hash, so exact counts keep the test from passing empty). */
  private static final Map<String, Integer> TRANSCRIPT_PACKETS =
      Map.of(
          "basic",
          15,
          "small-mtu",
          11,
          "rekey",
          23,
          "challenge",
          9,
          "otp-persistent",
          14,
          "rejected",
          4,
          "replay-and-garbage",
          15);

  /** The per-type assembled-size bound of §6.7 (P at the given MTU); 0 refuses the type. */
  static int specMaxAssembledSize(int type, int mtu) {
    return switch (type) {
      case 0 -> ProtocolConstants.X1_SIZE_IN_BYTES;
      case 1 -> ProtocolConstants.X2_SIZE_IN_BYTES;
      case 2 ->
          ProtocolConstants.X3_MIN_SIZE_IN_BYTES + ProtocolConstants.MAX_IDENTITY_SIZE_IN_BYTES;
      case 3, 4, 7 -> ProtocolConstants.CONTROL_PACKET_SIZE_IN_BYTES;
      case 5, 6 -> ProtocolConstants.REKEY_PACKET_SIZE_IN_BYTES;
      case 8 -> Fragmenter.maxPacketSize(mtu);
      case 9 -> ProtocolConstants.CHALLENGE_PACKET_SIZE_IN_BYTES;
      default -> 0;
    };
  }

  /** Datagrams of one packet as sent, and with header protection removed. */
  private record Packet(int firstIndex, List<byte[]> wire, List<byte[]> clear) {}

  @Test
  void fragment_canonicalTranscripts_reproducesEveryDatagram() {
    List<String> failures = new ArrayList<>();
    int[] stats = new int[4]; // packets, datagrams, protected packets, multi-fragment packets
    for (Map.Entry<String, Integer> t : TRANSCRIPT_PACKETS.entrySet()) {
      int packets = checkTranscript(t.getKey(), failures, stats);
      if (packets != t.getValue()) {
        failures.add("FAIL " + t.getKey() + ": " + packets + " packets, expected " + t.getValue());
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(91, stats[0], "packets");
    assertEquals(243, stats[1], "datagrams");
    assertEquals(81, stats[2], "header-protected packets");
    assertEquals(25, stats[3], "multi-fragment packets");
  }

  private int checkTranscript(String name, List<String> failures, int[] stats) {
    JsonNode t = VectorFiles.json("transcripts/" + name + ".json");
    Map<String, Packet> open = new HashMap<>();
    Reassembler reassembler =
        new Reassembler(
            Reassembler.Limits.session(),
            type -> specMaxAssembledSize(type, 1500),
            (reason, source) ->
                failures.add("FAIL " + name + ": reassembler dropped a fragment: " + reason));
    int packets = 0;
    for (JsonNode d : t.get("datagrams")) {
      int index = d.get("index").asInt();
      String where = name + " datagram " + index;
      JsonNode info = d.get("informative");
      byte[] wire = VectorFiles.hex(d, "hex");
      byte[] clear = wire.clone();
      if (info.get("header_protected").asBoolean()) {
        AES.newBlockDecryptor(VectorFiles.hex(info, "header_key")).processBlock(clear, 4, clear, 4);
      } else if (info.has("header_key")) {
        failures.add("FAIL " + where + ": unprotected but has a header key");
      }
      String headerFields = Hex.encode(clear, 4, 16);
      if (!headerFields.equals(info.get("header_bytes_4_to_20_before_protection").asText())) {
        failures.add("FAIL " + where + ": header bytes 4..20 after unprotection " + headerFields);
        continue;
      }
      int no = FragmentHeader.fragmentNo(clear, 0);
      int count = FragmentHeader.fragmentCount(clear, 0);
      if (no != info.get("fragment_no").asInt()
          || count != info.get("fragment_count").asInt()
          || FragmentHeader.type(clear, 0) != info.get("packet_type").asInt()
          || FragmentHeader.counter(clear, 0) != u64(info.get("counter"))
          || FragmentHeader.reserved(clear, 0) != 0
          || !Hex.encode(clear, 0, 4).equals(info.get("recipient_key_id").asText())
          || wire.length != d.get("length").asInt()) {
        failures.add("FAIL " + where + ": header fields differ from informative " + info);
        continue;
      }
      String sender = d.get("sender").asText();
      String key = sender + "/" + Hex.encode(clear, 0, 4) + "/" + Hex.encode(clear, 6, 10);
      Packet p = open.get(key);
      if (no == 0 && p == null) {
        p = new Packet(index, new ArrayList<>(), new ArrayList<>());
        open.put(key, p);
      } else if (p == null || p.wire().size() != no) {
        failures.add("FAIL " + where + ": fragment " + no + " out of order");
        continue;
      }
      p.wire().add(wire);
      p.clear().add(clear);
      if (p.wire().size() == count) {
        open.remove(key);
        where = name + " packet in datagrams " + p.firstIndex() + ".." + index;
        packets++;
        stats[0]++;
        stats[1] += count;
        stats[2] += info.get("header_protected").asBoolean() ? 1 : 0;
        stats[3] += count > 1 ? 1 : 0;
        int mtu = t.get("sides").get(sender).get("mtu").asInt();
        if (mtu != t.get("config").get("mtu").get(sender).asInt()) {
          failures.add("FAIL " + where + ": sides and config disagree on the MTU");
        }
        byte[] hk = info.has("header_key") ? VectorFiles.hex(info, "header_key") : null;
        refragment(where, p, mtu, hk, failures);
        reassemble(where, p, sender, reassembler, failures);
      }
    }
    if (!open.isEmpty()) {
      failures.add("FAIL " + name + ": incomplete packets " + open.keySet());
    }
    return packets;
  }

  private static void refragment(
      String where, Packet p, int mtu, byte[] hk, List<String> failures) {
    byte[] first = p.clear().get(0);
    byte[] packet = concatPayloads(p.clear());
    List<byte[]> out = new ArrayList<>();
    boolean sent =
        Fragmenter.fragment(
            packet,
            0,
            packet.length,
            Arrays.copyOf(first, 4),
            FragmentHeader.type(first, 0),
            FragmentHeader.counter(first, 0),
            mtu,
            hk == null ? null : AES.newBlockEncryptor(hk),
            collect(out));
    if (!sent || out.size() != p.wire().size()) {
      failures.add(
          "FAIL "
              + where
              + ": re-fragmented into "
              + out.size()
              + " datagrams, expected "
              + p.wire().size());
      return;
    }
    for (int i = 0; i < out.size(); i++) {
      if (!Arrays.equals(out.get(i), p.wire().get(i))) {
        failures.add("FAIL " + where + ": fragment " + i + " of " + out.size() + " differs");
      }
    }
  }

  /** Fragments in reverse order through a Reassembler rebuild the same packet. */
  private static void reassemble(
      String where, Packet p, String sender, Reassembler r, List<String> failures) {
    byte[] result = null;
    for (int i = p.clear().size() - 1; i >= 0; i--) {
      byte[] d = p.clear().get(i);
      result = r.offer(sender, d, 0, d.length, 0);
      if ((result != null) != (i == 0)) {
        failures.add("FAIL " + where + ": reassembler returned early or not at all at " + i);
      }
    }
    if (!Arrays.equals(result, concatPayloads(p.clear())) || r.size() != 0) {
      failures.add("FAIL " + where + ": reassembled packet differs");
    }
  }

  private static byte[] concatPayloads(List<byte[]> datagrams) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] d : datagrams) {
      out.write(d, 16, d.length - 16);
    }
    return out.toByteArray();
  }

  private static long u64(JsonNode n) {
    return new BigInteger(n.asText()).longValue(); // JSON integers above 2^63 arrive as BigInteger
  }

  private static Fragmenter.DatagramSink collect(List<byte[]> out) {
    return (b, off, len) -> out.add(Arrays.copyOfRange(b, off, off + len));
  }

  private static byte[] packet(int len) {
    byte[] p = new byte[len];
    for (int i = 0; i < len; i++) {
      p[i] = (byte) (i * 7 + 3);
    }
    return p;
  }

  private static List<byte[]> fragment(int len, int mtu, Aes256Block enc) {
    List<byte[]> out = new ArrayList<>();
    assertTrue(Fragmenter.fragment(packet(len), 0, len, KID, 8, COUNTER, mtu, enc, collect(out)));
    return out;
  }

  /** "2x127,13x126" → the list of datagram sizes. */
  private static List<Integer> sizes(String spec) {
    List<Integer> sizes = new ArrayList<>();
    for (String part : spec.split(",")) {
      String[] nx = part.contains("x") ? part.split("x") : new String[] {"1", part};
      for (int i = 0; i < Integer.parseInt(nx[0]); i++) {
        sizes.add(Integer.parseInt(nx[1]));
      }
    }
    return sizes;
  }

  @Test
  void fragment_specExamples_matchSection65() {
    Object[][] rows = {
      {1749, 1500, "891,890"}, // X1: payloads 875 + 874
      {1749, 128, "5x126,11x125"}, // X1: 16 fragments
      {1653, 1500, "843,842"}, // X2: payloads 827 + 826
      {1653, 128, "3x127,12x126"}, // X2: 15 fragments
      {4016, 1500, "1355,1355,1354"}, // P with 4000 payload bytes: 1339/1339/1338
      {4016, 128, "20x128,16x127"}, // 36 fragments
      {5376, 128, "48x128"}, // 5360 payload bytes + tag: exactly 48 full fragments
      {16, 1500, "32"},
      {85, 128, "101"},
      {36, 128, "52"},
      {113, 128, "73,72"},
    };
    List<String> failures = new ArrayList<>();
    for (Object[] row : rows) {
      List<Integer> got = new ArrayList<>();
      for (byte[] d : fragment((Integer) row[0], (Integer) row[1], null)) {
        got.add(d.length);
      }
      List<Integer> expected = sizes((String) row[2]);
      if (!got.equals(expected)) {
        failures.add("FAIL len " + row[0] + " mtu " + row[1] + ": " + got);
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void fragment_headersAndPayloads_canonicalLayout() {
    byte[] p = packet(1749);
    List<byte[]> out = fragment(1749, 128, null);
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    for (int i = 0; i < out.size(); i++) {
      byte[] d = out.get(i);
      assertEquals(
          "a1b2c3d4" + String.format("%02x%02x", i, 16) + "0008" + "8877665544332211",
          Hex.encode(d, 0, 16),
          "header of fragment " + i);
      payload.write(d, 16, d.length - 16);
    }
    assertArrayEquals(p, payload.toByteArray());
  }

  @Test
  void fragment_withHeaderKey_protectsBytes4To20Only() {
    byte[] hk = packet(32);
    List<byte[]> clear = fragment(300, 128, null);
    List<byte[]> prot = fragment(300, 128, AES.newBlockEncryptor(hk));
    Aes256Block dec = AES.newBlockDecryptor(hk);
    assertEquals(3, prot.size());
    for (int i = 0; i < prot.size(); i++) {
      byte[] d = prot.get(i);
      assertArrayEquals(Arrays.copyOf(clear.get(i), 4), Arrays.copyOf(d, 4), "kid stays clear");
      assertArrayEquals(
          Arrays.copyOfRange(clear.get(i), 20, d.length),
          Arrays.copyOfRange(d, 20, d.length),
          "bytes from 20 on stay clear");
      assertFalse(Arrays.equals(clear.get(i), d));
      dec.processBlock(d, 4, d, 4);
      assertArrayEquals(clear.get(i), d);
    }
  }

  @Test
  void fragment_oneByteOver48Fragments_refusedWithNothingEmitted() {
    int max = Fragmenter.maxPacketSize(128);
    assertEquals(5376, max);
    assertEquals(ProtocolConstants.maxPayloadSize(1500) + 16, Fragmenter.maxPacketSize(1500));
    List<byte[]> out = new ArrayList<>();
    assertFalse(
        Fragmenter.fragment(
            packet(max + 1),
            0,
            max + 1,
            KID,
            8,
            COUNTER,
            128,
            AES.newBlockEncryptor(new byte[32]),
            collect(out)));
    assertFalse(Fragmenter.fragment(packet(60016), 0, 60016, KID, 8, 0, 128, null, collect(out)));
    assertEquals(List.of(), out);
  }

  @Test
  void fragment_invalidArguments_throwIllegalArgument() {
    byte[] p = packet(100);
    Fragmenter.DatagramSink sink = (b, off, len) -> {};
    assertThrows(
        IllegalArgumentException.class,
        () -> Fragmenter.fragment(p, 0, 100, KID, 8, 0, 127, null, sink));
    assertThrows(IllegalArgumentException.class, () -> Fragmenter.maxPacketSize(127));
    assertThrows(
        IllegalArgumentException.class,
        () -> Fragmenter.fragment(p, 0, 0, KID, 8, 0, 1500, null, sink));
    assertThrows(
        IllegalArgumentException.class,
        () -> Fragmenter.fragment(p, 0, 100, new byte[3], 8, 0, 1500, null, sink));
    assertThrows(
        IllegalArgumentException.class,
        () -> Fragmenter.fragment(p, 0, 100, KID, 256, 0, 1500, null, sink));
    assertThrows(
        IllegalArgumentException.class,
        () -> Fragmenter.fragment(p, 0, 3, KID, 8, 0, 1500, AES.newBlockEncryptor(KID_32), sink));
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> Fragmenter.fragment(p, 50, 51, KID, 8, 0, 1500, null, sink));
  }

  @Test
  void fragment_offsetAndHugeMtu_singleFragmentFromSlice() {
    byte[] p = packet(100);
    List<byte[]> out = new ArrayList<>();
    assertTrue(Fragmenter.fragment(p, 10, 50, KID, 9, -1L, Integer.MAX_VALUE, null, collect(out)));
    assertEquals(1, out.size());
    assertEquals("a1b2c3d40001" + "0009" + "ffffffffffffffff", Hex.encode(out.get(0), 0, 16));
    assertArrayEquals(Arrays.copyOfRange(p, 10, 60), Arrays.copyOfRange(out.get(0), 16, 66));
    assertEquals(Integer.MAX_VALUE, Fragmenter.maxPacketSize(Integer.MAX_VALUE));
  }
}
