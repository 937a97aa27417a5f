package io.zssp.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zssp.testkit.Hex;
import org.junit.jupiter.api.Test;

class ProtocolConstantsTest {
  @Test
  void protocolNameBlocks_matchSpecHex() {
    assertEquals(
        "4e6f6973655f584b6866732b70736b325f503338342b4b79626572313032345f41455347434d5f534841353132"
            + "00000000000000000000000000000000000000",
        Hex.encode(ProtocolConstants.protocolNameBlock(ProtocolConstants.XK_PROTOCOL_NAME)));
    assertEquals(
        "4e6f6973655f4b4b70736b305f503338345f41455347434d5f534841353132"
            + "000000000000000000000000000000000000000000000000000000000000000000",
        Hex.encode(ProtocolConstants.protocolNameBlock(ProtocolConstants.KK_PROTOCOL_NAME)));
  }

  @Test
  void maxPayloadSize_matchesSpecExamples() {
    assertEquals(71_216, ProtocolConstants.maxPayloadSize(1500));
    assertEquals(5_360, ProtocolConstants.maxPayloadSize(128));
    assertThrows(IllegalArgumentException.class, () -> ProtocolConstants.maxPayloadSize(127));
  }

  @Test
  void packetSizes_areConsistentWithTheirParts() {
    // X1 = kid(4) + X_A(49) + e1(1568+16) + rf1||rf2(64+16) + challenge trailer(32)
    assertEquals(ProtocolConstants.X1_SIZE_IN_BYTES, 4 + 49 + 1568 + 16 + 64 + 16 + 32);
    // X2 = Y_B(49) + ekem1(1568+16) + kid_B(4+16)
    assertEquals(ProtocolConstants.X2_SIZE_IN_BYTES, 49 + 1568 + 16 + 4 + 16);
    // K1/K2 = outer(e(49) + kid(4) + inner tag(16)) + outer tag(16)
    assertEquals(ProtocolConstants.REKEY_PACKET_SIZE_IN_BYTES, 49 + 4 + 16 + 16);
  }
}
