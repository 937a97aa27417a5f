package io.zssp.wire;

import io.zssp.api.ProtocolConstants;
import io.zssp.crypto.Aes256Block;
import java.util.Objects;

/**
 * Canonical fragmentation of one assembled packet into datagrams (ZSSP-SPEC §6.5) with optional
 * header protection (§6.3). Byte-exact with the canonical crates: fragment count {@code ceil(len /
 * (mtu - 16))}, sizes as even as possible with the first {@code len mod count} fragments one byte
 * longer.
 *
 * <p>Stateless; the header encryptor passed in belongs to the caller and is used on the calling
 * thread only (an {@link Aes256Block} is single-owner).
 */
public final class Fragmenter {
  private static final int HEADER = FragmentHeader.SIZE;
  private static final int MAX_FRAGMENTS = ProtocolConstants.MAX_FRAGMENTS;

  /**
   * Receives the datagrams of one packet, in fragment order.
   *
   * <p><b>Ownership:</b> the array is lent for the duration of the call only. The fragmenter reuses
   * one buffer for every fragment of a packet, so a sink that keeps the bytes (a queue, a test)
   * must copy {@code datagram[off, off+len)} before returning. An exception thrown by the sink
   * propagates out of {@link #fragment} and the remaining fragments are not emitted.
   */
  @FunctionalInterface
  public interface DatagramSink {
    void send(byte[] datagram, int off, int len);
  }

  private Fragmenter() {}

  /**
   * The largest assembled packet that fits in {@value ProtocolConstants#MAX_FRAGMENTS} fragments at
   * this MTU: {@code 48 * (mtu - 16)}, saturated at {@link Integer#MAX_VALUE}. Callers compare the
   * packet length against this before taking a counter value (B22).
   *
   * @throws IllegalArgumentException if {@code mtu < 128}
   */
  public static int maxPacketSize(int mtu) {
    checkMtu(mtu);
    long max = (long) MAX_FRAGMENTS * (mtu - HEADER);
    return (int) Math.min(max, Integer.MAX_VALUE);
  }

  /**
   * How many fragments a {@code len}-byte packet takes at this MTU (canonical: {@code ceil(len /
   * (mtu - 16))}), or -1 if that is more than 48.
   */
  public static int fragmentCount(int len, int mtu) {
    checkMtu(mtu);
    int count = (len - 1) / (mtu - HEADER) + 1; // ceil without int overflow
    return count > MAX_FRAGMENTS ? -1 : count;
  }

  /**
   * The payload size of fragment {@code i} of {@code count} of a {@code len}-byte packet: sizes as
   * even as possible, the first {@code len mod count} one byte longer.
   */
  public static int fragmentSize(int len, int count, int i) {
    return len / count + (i < len % count ? 1 : 0);
  }

  /**
   * Completes a fragment whose payload already sits at {@code out[off+16…]}: writes its header (the
   * kid given as its int form) and, with {@code headerEncryptor}, protects bytes 4..20 in place.
   * For callers that place payloads themselves (an AEAD writing straight into a datagram).
   */
  public static void finishFragment(
      byte[] out,
      int off,
      int kid,
      int fragmentNo,
      int count,
      int type,
      long counter,
      Aes256Block headerEncryptor) {
    FragmentHeader.write(out, off, kid, fragmentNo, count, type, counter);
    if (headerEncryptor != null) {
      headerEncryptor.processBlock(
          out, off + FragmentHeader.PROTECTED_OFFSET, out, off + FragmentHeader.PROTECTED_OFFSET);
    }
  }

  /**
   * Fragments {@code packet[off, off+len)} and emits every datagram through {@code sink}.
   *
   * @param packet the assembled packet; read only, not retained
   * @param kid the recipient's 4-byte key id, written as is into bytes 0..4; read only
   * @param type packet type, 0..255
   * @param counter the unsigned 64-bit header counter
   * @param mtu the transport MTU (largest datagram), at least 128
   * @param headerEncryptor AES-256 encryptor under the sender's header key, or {@code null} for
   *     packets without header protection (X1 and the challenge)
   * @param sink receives each datagram in fragment order (see {@link DatagramSink} for ownership)
   * @return {@code true} once every fragment has been emitted; {@code false} if the packet needs
   *     more than 48 fragments ("data too large"), in which case nothing was emitted
   * @throws IllegalArgumentException for API misuse: {@code mtu < 128}, {@code len < 1}, a kid that
   *     is not 4 bytes, a type outside 0..255, or a header-protected packet under 4 bytes
   */
  public static boolean fragment(
      byte[] packet,
      int off,
      int len,
      byte[] kid,
      int type,
      long counter,
      int mtu,
      Aes256Block headerEncryptor,
      DatagramSink sink) {
    checkMtu(mtu);
    Objects.requireNonNull(packet, "packet");
    Objects.requireNonNull(sink, "sink");
    Objects.checkFromIndexSize(off, len, packet.length);
    if (len < 1) {
      throw new IllegalArgumentException("packet must not be empty (len=" + len + ")");
    }
    if (kid == null || kid.length != FragmentHeader.KID_SIZE) {
      throw new IllegalArgumentException(
          "kid must be "
              + FragmentHeader.KID_SIZE
              + " bytes, got "
              + (kid == null ? "null" : kid.length));
    }
    if (type < 0 || type > 0xff) {
      throw new IllegalArgumentException("packet type out of range: " + type);
    }
    // The protected block runs to byte 20, so every fragment needs >= 4 payload bytes. With
    // mtu >= 128 a multi-fragment packet has >= 56 per fragment; only a 1..3-byte packet is short
    // (no header-protected ZSSP packet is: the smallest is 16 bytes).
    int minProtected = FragmentHeader.PROTECTED_END - HEADER;
    if (headerEncryptor != null && len < minProtected) {
      throw new IllegalArgumentException(
          "a header-protected packet must be at least " + minProtected + " bytes, got " + len);
    }
    int count = fragmentCount(len, mtu);
    if (count < 0) {
      return false;
    }
    int intKid = Kid.read(kid, 0);
    byte[] buf = new byte[HEADER + fragmentSize(len, count, 0)];
    int pos = off;
    for (int i = 0; i < count; i++) {
      int size = fragmentSize(len, count, i);
      System.arraycopy(packet, pos, buf, HEADER, size);
      pos += size;
      finishFragment(buf, 0, intKid, i, count, type, counter, headerEncryptor);
      sink.send(buf, 0, HEADER + size);
    }
    return true;
  }

  private static void checkMtu(int mtu) {
    if (mtu < ProtocolConstants.MIN_TRANSPORT_MTU) {
      throw new IllegalArgumentException(
          "MTU must be at least " + ProtocolConstants.MIN_TRANSPORT_MTU + ", got " + mtu);
    }
  }
}
