package io.zssp.conformance.sim;

import io.zssp.api.ContextConfig;
import io.zssp.api.ZsspClock;
import io.zssp.api.ZsspContext;
import io.zssp.conformance.NativeCrypto;
import io.zssp.crypto.accp.NativeCryptoProvider;
import io.zssp.engine.EngineZssp;
import io.zssp.reference.ReferenceZssp;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A context factory for simulations where peers differ in crypto provider (and, optionally, in
 * implementation): within one simulated world (one clock), the peers take turns by the order in
 * which they first start; even turns (the first peer: Alice in the two-peer scenarios) get {@code
 * first}, odd turns get {@code second}. A restarted peer keeps its turn. A native peer's provider
 * draws from the peer's own seeded random source ({@link NativeCryptoProvider#withRandom}), so a
 * seed still replays exactly.
 */
final class MixedCrypto implements Function<ContextConfig, ZsspContext> {
  /** One peer's setup: the implementation and whether it runs the native provider. */
  enum Peer {
    ENGINE_NATIVE(false, true),
    ENGINE_DEFAULT(false, false),
    REFERENCE_NATIVE(true, true),
    REFERENCE_DEFAULT(true, false);

    final boolean reference;
    final boolean nativeCrypto;

    Peer(boolean reference, boolean nativeCrypto) {
      this.reference = reference;
      this.nativeCrypto = nativeCrypto;
    }
  }

  private final Peer first;
  private final Peer second;
  private final Map<ZsspClock, Map<String, Integer>> worlds = new IdentityHashMap<>();
  private final AtomicInteger nativeContexts = new AtomicInteger();
  private final AtomicInteger defaultContexts = new AtomicInteger();

  MixedCrypto(Peer first, Peer second) {
    this.first = first;
    this.second = second;
  }

  @Override
  public ZsspContext apply(ContextConfig config) {
    Peer p;
    synchronized (this) {
      Map<String, Integer> peers = worlds.computeIfAbsent(config.clock(), c -> new HashMap<>());
      String key = HexFormat.of().formatHex(config.staticKey().publicKey().encoded());
      p = peers.computeIfAbsent(key, k -> peers.size()) % 2 == 0 ? first : second;
    }
    (p.nativeCrypto ? nativeContexts : defaultContexts).incrementAndGet();
    ContextConfig c =
        p.nativeCrypto
            ? NativeCrypto.rebuild(
                config, NativeCryptoProvider.withRandom(config.crypto().random()))
            : config;
    return p.reference ? ReferenceZssp.newContext(c) : EngineZssp.newContext(c);
  }

  /** Contexts made so far on the native provider and on the default one. */
  int[] contexts() {
    return new int[] {nativeContexts.get(), defaultContexts.get()};
  }

  @Override
  public String toString() {
    return first + " first, " + second + " second";
  }
}
