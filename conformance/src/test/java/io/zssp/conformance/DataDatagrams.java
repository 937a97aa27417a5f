package io.zssp.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.zssp.crypto.Aes256Block;
import io.zssp.crypto.Aes256Gcm;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.testkit.VectorFiles;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-derives the datagrams of one canonical DATA packet (type 8) at a different counter, from the
 * keys the transcript records for it ({@code informative.header_key}, {@code aead_key_nk}): {@code
 * AES-GCM(nk, 00 00 00 08 ‖ u64be(c), payload)} with no AAD (ZSSP-SPEC §7.6, §6.2), canonical
 * fragmentation (§6.5) and header protection of bytes [4, 20) (§6.3).
 *
 * <p>Used for exactly one intended deviation, spec §13 B22: we check the payload size before taking
 * a counter, the canonical crate after, so in {@code small-mtu} our DATA packets sent after a
 * DataTooLarge carry a smaller counter than the canonical ones. Re-deriving them lets the harness
 * still compare those datagrams byte for byte instead of only by length and key id. The self-test
 * checks this code against the canonical datagrams at their own counters.
 */
final class DataDatagrams {
  private static final int HEADER = 16;
  private static final int MAX_FRAGMENTS = 48;
  private static final int TYPE_DATA = 8;
  private static final DefaultCryptoProvider CRYPTO = DefaultCryptoProvider.create();

  private DataDatagrams() {}

  /**
   * The datagrams of canonical DATA packet {@code indices} (all fragments of one packet), rebuilt
   * with counter {@code canonicalCounter - counterShift}.
   *
   * @throws IllegalArgumentException if the datagrams are not the fragments of one DATA packet or
   *     the transcript lacks their keys
   */
  static List<byte[]> rederive(
      Transcript t, List<Integer> indices, byte[] payload, int mtu, long counterShift) {
    if (indices.isEmpty()) {
      throw new IllegalArgumentException("no datagrams to re-derive");
    }
    JsonNode first = t.datagram(indices.get(0)).get("informative");
    for (int i = 0; i < indices.size(); i++) {
      JsonNode info = t.datagram(indices.get(i)).get("informative");
      if (info.get("packet_type").asInt() != TYPE_DATA
          || info.get("fragment_no").asInt() != i
          || info.get("fragment_count").asInt() != indices.size()
          || info.get("counter").asLong() != first.get("counter").asLong()) {
        throw new IllegalArgumentException(
            t.name() + ": datagrams " + indices + " are not the fragments of one DATA packet");
      }
    }
    return build(
        VectorFiles.hex(first, "recipient_key_id"),
        VectorFiles.hex(first, "header_key"),
        VectorFiles.hex(first, "aead_key_nk"),
        first.get("counter").asLong() - counterShift,
        payload,
        mtu);
  }

  /** The datagrams of one DATA packet, as a canonical sender builds them. */
  static List<byte[]> build(
      byte[] kid, byte[] headerKey, byte[] dataKey, long counter, byte[] payload, int mtu) {
    byte[] nonce = new byte[12];
    nonce[3] = TYPE_DATA;
    putLong(nonce, 4, counter);
    byte[] packet = new byte[payload.length + 16];
    Aes256Gcm gcm = CRYPTO.aes256().newGcm(dataKey);
    Aes256Block hk = CRYPTO.aes256().newBlockEncryptor(headerKey);
    try {
      gcm.seal(nonce, null, payload, 0, payload.length, packet, 0);
      int max = mtu - HEADER;
      int count = (packet.length + max - 1) / max;
      if (count > MAX_FRAGMENTS) {
        throw new IllegalArgumentException(
            "DATA packet of "
                + packet.length
                + " bytes needs "
                + count
                + " fragments at MTU "
                + mtu);
      }
      int base = packet.length / count;
      int rem = packet.length % count;
      List<byte[]> out = new ArrayList<>();
      int pos = 0;
      for (int i = 0; i < count; i++) {
        int n = base + (i < rem ? 1 : 0);
        byte[] f = new byte[HEADER + n];
        System.arraycopy(kid, 0, f, 0, 4);
        f[4] = (byte) i;
        f[5] = (byte) count;
        f[6] = 0;
        f[7] = TYPE_DATA;
        putLong(f, 8, counter);
        System.arraycopy(packet, pos, f, HEADER, n);
        pos += n;
        hk.processBlock(f, 4, f, 4);
        out.add(f);
      }
      return out;
    } finally {
      gcm.destroy();
      hk.destroy();
    }
  }

  private static void putLong(byte[] b, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }
}
