package io.zssp.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.zssp.api.ProtocolConstants;
import java.util.Arrays;
import java.util.List;

/**
 * Turns fuzzer bytes into one datagram, starting from a seed datagram most of the time, so that the
 * mutations begin from real traffic: the fixture's own delivered and held-back datagrams and the
 * canonical transcripts' ({@link VectorDatagrams}). The seeds are made at test time, so nothing
 * generated is committed. Reads the choices (integers, from the end of the input) first, then the
 * bytes (from the front), as {@link FuzzedDataProvider} does.
 *
 * <p>Modes: {@code SEED} sends a seed as is (a replay, or the held-back next packet); {@code FLIP}
 * XORs up to 8 bytes into it; {@code SPLICE} resizes it and overwrites a range with fuzzer bytes;
 * {@code RETARGET} puts one of the key ids seen on the wire on it, then overwrites from byte 4; and
 * {@code RAW} sends the fuzzer's bytes alone.
 */
final class Recipe {
  enum Mode {
    SEED,
    FLIP,
    SPLICE,
    RETARGET,
    RAW
  }

  /**
   * Large enough for 65,535-byte datagrams beyond the accepted maximum, small enough to be fast.
   */
  static final int MAX_LENGTH = ProtocolConstants.MAX_DATAGRAM_SIZE_IN_BYTES + 64;

  private Recipe() {}

  /**
   * @param seeds non-empty; never changed
   * @param kids key ids seen on the wire (4 bytes each), possibly empty
   */
  static byte[] datagram(FuzzedDataProvider in, List<byte[]> seeds, List<byte[]> kids) {
    Mode mode = Mode.values()[in.consumeInt(0, Mode.values().length - 1)];
    byte[] seed = seeds.get(in.consumeInt(0, seeds.size() - 1));
    switch (mode) {
      case SEED:
        return seed.clone();
      case FLIP:
        {
          byte[] d = seed.clone();
          int n = in.consumeInt(1, 8);
          for (int i = 0; i < n && d.length > 0; i++) {
            d[in.consumeInt(0, d.length - 1)] ^= in.consumeByte();
          }
          return d;
        }
      case SPLICE:
        {
          int length = in.consumeInt(0, Math.min(MAX_LENGTH, 2 * seed.length + 64));
          int at = in.consumeInt(0, length);
          byte[] d = Arrays.copyOf(seed, length);
          byte[] patch = in.consumeBytes(length - at);
          System.arraycopy(patch, 0, d, at, patch.length);
          return d;
        }
      case RETARGET:
        {
          byte[] d = seed.clone();
          if (!kids.isEmpty() && d.length >= 4) {
            System.arraycopy(kids.get(in.consumeInt(0, kids.size() - 1)), 0, d, 0, 4);
          }
          byte[] patch = in.consumeBytes(Math.max(0, d.length - 4));
          System.arraycopy(patch, 0, d, Math.min(4, d.length), patch.length);
          return d;
        }
      default:
        return in.consumeRemainingAsBytes();
    }
  }
}
