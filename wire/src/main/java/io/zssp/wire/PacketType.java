package io.zssp.wire;

/** Packet type bytes (ZSSP-SPEC §2.2), named as in the whitepaper. */
public final class PacketType {
  public static final int X1 = 0;
  public static final int X2 = 1;
  public static final int X3 = 2;
  public static final int C1 = 3;
  public static final int C2 = 4;
  public static final int K1 = 5;
  public static final int K2 = 6;
  public static final int D = 7;
  public static final int P = 8;
  public static final int CHALLENGE = 9;

  private PacketType() {}

  /** Whether packets of this type carry a session counter checked by the anti-replay window. */
  public static boolean usesSessionCounter(int type) {
    return type >= C1 && type <= P;
  }
}
