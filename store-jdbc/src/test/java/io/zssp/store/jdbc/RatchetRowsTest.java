package io.zssp.store.jdbc;

import static io.zssp.store.tck.StoreTestData.pair;
import static io.zssp.store.tck.StoreTestData.peer;
import static io.zssp.store.tck.StoreTestData.state;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.store.jdbc.RatchetRows.CorruptRowException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/** The row checksum (FileRatchetStore's record format, no server needed) and row decoding. */
class RatchetRowsTest {
  private static final RatchetState A = state("a", 1);
  private static final RatchetState B = state("b", 2);

  /** The record bytes as FileRatchetStore's Javadoc lays them out, without its checksum. */
  private static byte[] record(byte[] peer, RatchetPair p) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {'Z', 'S', 'R', 'S', 1, (byte) (p.state2() == null ? 0 : 1)});
    out.writeBytes(ByteBuffer.allocate(2).putShort((short) peer.length).array());
    out.writeBytes(peer);
    for (RatchetState s : new RatchetState[] {p.state1(), p.state2()}) {
      if (s != null) {
        out.writeBytes(s.key());
        out.writeBytes(s.fingerprint());
        out.writeBytes(ByteBuffer.allocate(8).putLong(s.chainLength()).array());
      }
    }
    return out.toByteArray();
  }

  @Test
  void checksum_isSha256OfTheFileRecordFormat() throws Exception {
    for (RatchetPair p : new RatchetPair[] {pair(A, null), pair(B, A)}) {
      byte[] expected = MessageDigest.getInstance("SHA-256").digest(record(peer(3), p));
      assertArrayEquals(expected, RatchetRows.checksum(peer(3), p));
    }
  }

  @Test
  void decode_rejectsPartialState2AndBadChecksums() throws Exception {
    byte[] sum = RatchetRows.checksum(peer(1), pair(B, A));
    RatchetPair ok =
        RatchetRows.decode(peer(1), B.key(), B.fingerprint(), 2, A.key(), A.fingerprint(), 1L, sum);
    assertEquals(pair(B, A), ok);
    CorruptRowException partial =
        assertThrows(
            CorruptRowException.class,
            () ->
                RatchetRows.decode(
                    peer(1), B.key(), B.fingerprint(), 2, null, A.fingerprint(), 1L, sum));
    assertTrue(partial.getMessage().contains("partly null"));
    assertThrows(
        CorruptRowException.class,
        () ->
            RatchetRows.decode(
                peer(2), B.key(), B.fingerprint(), 2, A.key(), A.fingerprint(), 1L, sum));
    assertThrows(
        CorruptRowException.class,
        () ->
            RatchetRows.decode(
                peer(1), new byte[31], B.fingerprint(), 2, A.key(), A.fingerprint(), 1L, sum));
  }
}
