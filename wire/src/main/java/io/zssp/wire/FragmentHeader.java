package io.zssp.wire;

import io.zssp.api.ProtocolConstants;

/**
 * Layout of the 16-byte ZSSP fragment header (ZSSP-SPEC §6.1, §6.2) and tiny readers and writers
 * for it. Every method works on a datagram that starts at {@code off} in a caller-owned array and
 * reads or writes only the named bytes. Nothing is retained and nothing is range-checked beyond
 * what the JVM does, so callers check the datagram length (at least {@link #SIZE}) first.
 *
 * <pre>
 *   0..4  kid (recipient's key id, opaque; 0 for X1 and the challenge)   clear
 *   4     fragment number, 0-based                                      protected
 *   5     fragment count, 1..48                                         protected
 *   6     reserved (0x00 when sending)      ┐                           protected
 *   7     packet type                       ├ packet nonce 6..16        protected
 *   8..16 counter, u64be                    ┘                           protected
 *   16..  payload (bytes 16..20 are inside the protected block)
 * </pre>
 */
public final class FragmentHeader {
  /** Header size; the payload starts here. */
  public static final int SIZE = ProtocolConstants.FRAGMENT_HEADER_SIZE_IN_BYTES;

  /** Recipient key id, {@link #KID_SIZE} bytes. */
  public static final int KID_OFFSET = 0;

  public static final int KID_SIZE = ProtocolConstants.KEY_ID_SIZE_IN_BYTES;
  public static final int FRAGMENT_NO_OFFSET = 4;
  public static final int FRAGMENT_COUNT_OFFSET = 5;
  public static final int RESERVED_OFFSET = 6;
  public static final int TYPE_OFFSET = 7;

  /** u64be counter, 8 bytes. */
  public static final int COUNTER_OFFSET = 8;

  /** Packet nonce = reserved ‖ type ‖ counter, {@link #PACKET_NONCE_SIZE} bytes. */
  public static final int PACKET_NONCE_OFFSET = 6;

  public static final int PACKET_NONCE_SIZE = ProtocolConstants.PACKET_NONCE_SIZE_IN_BYTES;

  /** Header protection covers [{@code PROTECTED_OFFSET}, {@code PROTECTED_END}): one AES block. */
  public static final int PROTECTED_OFFSET = ProtocolConstants.HEADER_PROTECTION_OFFSET;

  public static final int PROTECTED_END = PROTECTED_OFFSET + 16;

  private FragmentHeader() {}

  /**
   * Writes kid ‖ no ‖ count ‖ 0x00 ‖ type ‖ u64be(counter) into {@code out[off, off+16)}.
   *
   * @param kid the recipient's 4-byte key id (read, not retained)
   */
  public static void write(
      byte[] out, int off, byte[] kid, int fragmentNo, int count, int type, long counter) {
    System.arraycopy(kid, 0, out, off + KID_OFFSET, KID_SIZE);
    out[off + FRAGMENT_NO_OFFSET] = (byte) fragmentNo;
    out[off + FRAGMENT_COUNT_OFFSET] = (byte) count;
    out[off + RESERVED_OFFSET] = 0;
    out[off + TYPE_OFFSET] = (byte) type;
    Nonces.writeU64(out, off + COUNTER_OFFSET, counter);
  }

  /** Writes kid ‖ no ‖ count ‖ 0x00 ‖ type ‖ u64be(counter), the kid given as its int form. */
  public static void write(
      byte[] out, int off, int kid, int fragmentNo, int count, int type, long counter) {
    out[off + KID_OFFSET] = (byte) (kid >>> 24);
    out[off + KID_OFFSET + 1] = (byte) (kid >>> 16);
    out[off + KID_OFFSET + 2] = (byte) (kid >>> 8);
    out[off + KID_OFFSET + 3] = (byte) kid;
    out[off + FRAGMENT_NO_OFFSET] = (byte) fragmentNo;
    out[off + FRAGMENT_COUNT_OFFSET] = (byte) count;
    out[off + RESERVED_OFFSET] = 0;
    out[off + TYPE_OFFSET] = (byte) type;
    Nonces.writeU64(out, off + COUNTER_OFFSET, counter);
  }

  /** Fragment number, 0..255 (validity is the caller's check). */
  public static int fragmentNo(byte[] d, int off) {
    return d[off + FRAGMENT_NO_OFFSET] & 0xff;
  }

  /** Fragment count, 0..255 (validity is the caller's check). */
  public static int fragmentCount(byte[] d, int off) {
    return d[off + FRAGMENT_COUNT_OFFSET] & 0xff;
  }

  /** The reserved byte as received (part of the packet nonce). */
  public static int reserved(byte[] d, int off) {
    return d[off + RESERVED_OFFSET] & 0xff;
  }

  /** Packet type, 0..255. */
  public static int type(byte[] d, int off) {
    return d[off + TYPE_OFFSET] & 0xff;
  }

  /** The unsigned 64-bit counter (negative as a Java long from 2^63 on). */
  public static long counter(byte[] d, int off) {
    return Nonces.readU64(d, off + COUNTER_OFFSET);
  }
}
