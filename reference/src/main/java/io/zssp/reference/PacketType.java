package io.zssp.reference;

/** Packet type bytes (ZSSP-SPEC §2.2), named as in the whitepaper. */
final class PacketType {
  static final int X1 = 0;
  static final int X2 = 1;
  static final int X3 = 2;
  static final int C1 = 3;
  static final int C2 = 4;
  static final int K1 = 5;
  static final int K2 = 6;
  static final int D = 7;
  static final int P = 8;
  static final int CHALLENGE = 9;

  private PacketType() {}

  /** Whether packets of this type carry a session counter checked by the anti-replay window. */
  static boolean usesSessionCounter(int type) {
    return type >= C1 && type <= P;
  }
}
