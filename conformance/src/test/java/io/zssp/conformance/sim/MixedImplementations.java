package io.zssp.conformance.sim;

import io.zssp.api.ContextConfig;
import io.zssp.api.ZsspClock;
import io.zssp.api.ZsspContext;
import io.zssp.engine.EngineZssp;
import io.zssp.reference.ReferenceZssp;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A context factory for mixed simulations: within one simulated world (one clock), the peers take
 * turns by the order in which they first start, the first one getting {@code first}'s
 * implementation, the second the other, and so on. A restarted peer (same static key) keeps its
 * implementation. In the two-peer scenarios Alice starts first, so {@code referenceFirst} decides
 * whether the initiator is the reference or the engine.
 */
final class MixedImplementations implements Function<ContextConfig, ZsspContext> {
  private final boolean referenceFirst;
  private final Map<ZsspClock, Map<String, Boolean>> worlds = new IdentityHashMap<>();

  MixedImplementations(boolean referenceFirst) {
    this.referenceFirst = referenceFirst;
  }

  @Override
  public synchronized ZsspContext apply(ContextConfig config) {
    Map<String, Boolean> peers = worlds.computeIfAbsent(config.clock(), c -> new HashMap<>());
    String key = java.util.HexFormat.of().formatHex(config.staticKey().publicKey().encoded());
    boolean reference = peers.computeIfAbsent(key, k -> (peers.size() % 2 == 0) == referenceFirst);
    return reference ? ReferenceZssp.newContext(config) : EngineZssp.newContext(config);
  }
}
