package io.zssp.api;

import java.nio.charset.StandardCharsets;

/**
 * Wire-relevant constants of ZSSP v0.4.0 (ZSSP-SPEC §3.1). These MUST be exactly these values for
 * interoperability; none of them is configurable. Names follow the specification; units are in the
 * names.
 */
public final class ProtocolConstants {
  private ProtocolConstants() {}

  /** Fragment header: kid(4) ‖ no(1) ‖ count(1) ‖ packet nonce(10). */
  public static final int FRAGMENT_HEADER_SIZE_IN_BYTES = 16;

  /** Header protection covers bytes [4, 20) of every fragment (one AES block). */
  public static final int HEADER_PROTECTION_OFFSET = 4;

  /** Packet nonce: reserved(1) ‖ type(1) ‖ counter(8), header bytes 6..16. */
  public static final int PACKET_NONCE_SIZE_IN_BYTES = 10;

  /** AES-GCM nonce: 00 00 00 ‖ type ‖ counter. */
  public static final int AES_GCM_NONCE_SIZE_IN_BYTES = 12;

  /** AES-GCM tag. */
  public static final int AES_GCM_TAG_SIZE_IN_BYTES = 16;

  /** Smallest valid datagram: a header and a tag. */
  public static final int MIN_FRAGMENT_SIZE_IN_BYTES = 32;

  /** Largest datagram a context accepts (§15.4: a UDP payload); anything longer is malformed. */
  public static final int MAX_DATAGRAM_SIZE_IN_BYTES = 65_535;

  /** Smallest transport MTU a sender may use. */
  public static final int MIN_TRANSPORT_MTU = 128;

  /** Fragments per packet, sending and receiving; a count of 0 is invalid. */
  public static final int MAX_FRAGMENTS = 48;

  /** Key id size; kid 0 is reserved for X1 and the challenge. */
  public static final int KEY_ID_SIZE_IN_BYTES = 4;

  /** SHA-512 output: h, ck and every KBKDF output. */
  public static final int HASH_SIZE_IN_BYTES = 64;

  /** Symmetric key size (KBKDF outputs truncated). */
  public static final int SYMMETRIC_KEY_SIZE_IN_BYTES = 32;

  /** Ratchet key size. */
  public static final int RATCHET_KEY_SIZE_IN_BYTES = 32;

  /** Ratchet fingerprint size. */
  public static final int RATCHET_FINGERPRINT_SIZE_IN_BYTES = 32;

  /** Compressed P-384 public key. */
  public static final int P384_PUBLIC_KEY_SIZE_IN_BYTES = 49;

  /** Kyber1024 public key. */
  public static final int KYBER_PUBLIC_KEY_SIZE_IN_BYTES = 1568;

  /** Kyber1024 ciphertext. */
  public static final int KYBER_CIPHERTEXT_SIZE_IN_BYTES = 1568;

  /** Largest identity blob carried in X3. */
  public static final int MAX_IDENTITY_SIZE_IN_BYTES = 4096;

  /** Challenge response trailer of X1: counter(8) ‖ mac(16) ‖ pow(8). */
  public static final int CHALLENGE_RESPONSE_SIZE_IN_BYTES = 32;

  /** Leading zero bits of SHA-512 the proof of work must reach. */
  public static final int POW_DIFFICULTY_BITS = 13;

  /** Anti-replay window slots. */
  public static final int REPLAY_WINDOW_SLOTS = 128;

  /** A counter more than this far ahead of the window is rejected. */
  public static final long REPLAY_MAX_SKIP_AHEAD = 1L << 24;

  /** Challenge counter window slots (no skip-ahead limit). */
  public static final int CHALLENGE_WINDOW_SLOTS = 32;

  /** X2's header counter is below this bound (three bytes). */
  public static final long X2_COUNTER_BOUND = 1L << 24;

  /** Key uses after which a rekey is started. */
  public static final long REKEY_AFTER_KEY_USES = 1L << 30;

  /** Hard per-key limit; a key is never used more often. */
  public static final long EXPIRE_AFTER_KEY_USES = (1L << 32) - 1;

  /** Assembled packet sizes (ZSSP-SPEC §2.2). */
  public static final int X1_SIZE_IN_BYTES = 1749;

  public static final int X2_SIZE_IN_BYTES = 1653;
  public static final int X3_MIN_SIZE_IN_BYTES = 81;
  public static final int CONTROL_PACKET_SIZE_IN_BYTES = 16;
  public static final int REKEY_PACKET_SIZE_IN_BYTES = 85;
  public static final int CHALLENGE_PACKET_SIZE_IN_BYTES = 36;

  /** Noise protocol name of the XK handshake, used unhashed and zero-padded to 64 bytes. */
  public static final String XK_PROTOCOL_NAME = "Noise_XKhfs+psk2_P384+Kyber1024_AESGCM_SHA512";

  /** Noise protocol name of the KK rekey, used unhashed and zero-padded to 64 bytes. */
  public static final String KK_PROTOCOL_NAME = "Noise_KKpsk0_P384_AESGCM_SHA512";

  /** KBKDF label of the Noise chain. */
  public static final String LABEL_NOISE = "ZSSP";

  /** KBKDF label of the header keys. */
  public static final String LABEL_HEADER_KEYS = "ASKH";

  /** KBKDF label of the key-exchange (kek) keys. */
  public static final String LABEL_KEX_KEYS = "ASKK";

  /** KBKDF label of the ratchet key and fingerprint. */
  public static final String LABEL_RATCHET = "ASKR";

  /** KBKDF label of the one-time-password bootstrap. */
  public static final String LABEL_OTP_TO_RATCHET = "ZSSP_OTP_TO_RATCHET";

  /** The 64-byte initial h/ck block for a protocol name (a fresh copy). */
  public static byte[] protocolNameBlock(String name) {
    byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
    if (ascii.length > HASH_SIZE_IN_BYTES) {
      throw new IllegalArgumentException("protocol name longer than 64 bytes: " + name);
    }
    byte[] block = new byte[HASH_SIZE_IN_BYTES];
    System.arraycopy(ascii, 0, block, 0, ascii.length);
    return block;
  }

  /** The largest application payload of one P packet at transport MTU {@code mtu}. */
  public static int maxPayloadSize(int mtu) {
    if (mtu < MIN_TRANSPORT_MTU) {
      throw new IllegalArgumentException(
          "MTU must be at least " + MIN_TRANSPORT_MTU + ", got " + mtu);
    }
    return MAX_FRAGMENTS * (mtu - FRAGMENT_HEADER_SIZE_IN_BYTES) - AES_GCM_TAG_SIZE_IN_BYTES;
  }
}
