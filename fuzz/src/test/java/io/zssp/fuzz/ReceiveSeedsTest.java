package io.zssp.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The receive targets' seeds in regression mode, made at test time: at every stop and for both
 * implementations, every seed datagram (the fixture's held-back and delivered ones and every
 * canonical transcript datagram) is delivered as is, with one byte flipped, truncated, and with a
 * live key id put on it, to either peer from one of three sources, each checked by the {@link
 * ReceiveOracle}. Jazzer's regression mode runs only the committed inputs of a {@code @FuzzTest};
 * this is the deterministic corpus CI replays besides them. Seeded, so a failure repeats.
 */
class ReceiveSeedsTest {
  static List<Arguments> stops() {
    List<Arguments> out = new ArrayList<>();
    for (Impl impl : Impl.values()) {
      for (Stop stop : Stop.values()) {
        out.add(Arguments.of(impl, stop));
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("stops")
  void everySeed_asIsAndMutated_keepsTheInvariants(Impl impl, Stop stop) {
    Random rnd = new Random(31L * impl.ordinal() + stop.ordinal());
    int seeds = ReceiveTargets.fixture(impl, stop).seeds.size();
    for (int i = 0; i < seeds; i++) {
      for (int variant = 0; variant < 4; variant++) {
        HandshakeFixture f = ReceiveTargets.fixture(impl, stop);
        byte[] seed = f.seeds.get(i);
        byte[] d = seed.clone();
        switch (variant) {
          case 1 -> {
            if (d.length > 0) {
              d[rnd.nextInt(d.length)] ^= (byte) (1 << rnd.nextInt(8));
            }
          }
          case 2 -> d = java.util.Arrays.copyOf(seed, rnd.nextInt(seed.length + 1));
          case 3 -> {
            if (d.length >= 4 && !f.kids.isEmpty()) {
              System.arraycopy(f.kids.get(rnd.nextInt(f.kids.size())), 0, d, 0, 4);
            }
          }
          default -> {}
        }
        ReceiveTargets.deliver(f, rnd.nextInt(4) == 0, rnd.nextInt(3), d);
      }
    }
  }
}
