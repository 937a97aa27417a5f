package io.zssp.conformance.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.conformance.NativeCrypto;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulated lossy network with one peer on the native crypto provider and the other on the
 * default one, in both roles, for engine pairs and for mixed engine/reference pairs: the two-peer,
 * rekey, restart and many-peer scenarios of {@link SimulationSuite}, on a tenth of its seeds (the
 * scenarios scale with {@code -Dzssp.sim.seeds} as there, so a soak raises these too).
 */
class NativeCryptoSimulationTest {
  @BeforeAll
  static void requireNative() {
    NativeCrypto.require();
  }

  static Stream<Arguments> pairings() {
    return Stream.of(
        Arguments.of(MixedCrypto.Peer.ENGINE_NATIVE, MixedCrypto.Peer.ENGINE_DEFAULT),
        Arguments.of(MixedCrypto.Peer.ENGINE_DEFAULT, MixedCrypto.Peer.ENGINE_NATIVE),
        Arguments.of(MixedCrypto.Peer.REFERENCE_NATIVE, MixedCrypto.Peer.ENGINE_DEFAULT),
        Arguments.of(MixedCrypto.Peer.ENGINE_DEFAULT, MixedCrypto.Peer.REFERENCE_NATIVE));
  }

  @ParameterizedTest(name = "{0} first, {1} second")
  @MethodSource("pairings")
  void twoPeers_lossyLinks_establishAndDeliverExactlyOnce(
      MixedCrypto.Peer first, MixedCrypto.Peer second) {
    MixedCrypto factory = new MixedCrypto(first, second);
    SeedRunner.run(
        "two-peer [" + factory + "]",
        SeedRunner.seeds(100, 1),
        seed -> TwoPeerScenario.run(seed, factory));
    assertBothProvidersRan(factory);
  }

  @ParameterizedTest(name = "{0} first, {1} second")
  @MethodSource("pairings")
  void rekeyingAndRestarts_chainsStayInSync_noDowngrade(
      MixedCrypto.Peer first, MixedCrypto.Peer second) {
    MixedCrypto factory = new MixedCrypto(first, second);
    SeedRunner.run(
        "rekey-days [" + factory + "]",
        SeedRunner.seeds(1, 1),
        seed -> RekeyScenario.run(seed, factory, Long.getLong("zssp.sim.days", 1)));
    SeedRunner.run(
        "restarts-strict [" + factory + "]",
        SeedRunner.seeds(2, 2),
        seed -> RestartScenario.run(seed, factory));
    assertBothProvidersRan(factory);
  }

  @ParameterizedTest(name = "{0} first, {1} second")
  @MethodSource("pairings")
  void manyPeers_alternatingProviders_allPairsEstablishAndDeliverExactlyOnce(
      MixedCrypto.Peer first, MixedCrypto.Peer second) {
    MixedCrypto factory = new MixedCrypto(first, second);
    SeedRunner.run(
        "many-peers [" + factory + "]",
        SeedRunner.seeds(1, 1),
        seed -> ManyPeerScenario.run(seed, factory));
    assertBothProvidersRan(factory);
  }

  private static void assertBothProvidersRan(MixedCrypto factory) {
    int[] made = factory.contexts();
    assertTrue(made[0] > 0 && made[1] > 0, made[0] + " native, " + made[1] + " default contexts");
  }
}
