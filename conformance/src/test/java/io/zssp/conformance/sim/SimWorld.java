package io.zssp.conformance.sim;

import io.zssp.api.ChallengePolicy;
import io.zssp.api.ContextConfig;
import io.zssp.api.DropReason;
import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspSettings;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * One simulation run: the network, the peers, the payload ledger and the implementation under test
 * (a context factory). Everything derives from the seed, so a failing seed replays exactly.
 */
final class SimWorld {
  static final long START_MILLIS = 1_000_000;

  final long seed;
  final SimNetwork net;
  final PayloadLedger ledger;
  final Function<ContextConfig, ZsspContext> factory;
  final ZsspSettings settings;
  private final List<SimPeer> peers = new ArrayList<>();
  private final Map<String, SimPeer> byKey = new HashMap<>();
  private final List<String> violations = new ArrayList<>();

  /** Set by scenarios whose flags make a peer refuse a ratchet (auth failures are then normal). */
  boolean expectAuthenticationFailures;

  /** Set by scenarios whose links duplicate datagrams. */
  boolean duplicatesPossible;

  /** When responders demand the proof-of-work challenge (§12.4) before answering an X1. */
  ChallengePolicy challengePolicy = ChallengePolicy.OFF;

  SimWorld(long seed, Function<ContextConfig, ZsspContext> factory, ZsspSettings settings) {
    this.seed = seed;
    this.factory = factory;
    this.settings = settings;
    this.net = new SimNetwork(mix(seed, 1), START_MILLIS);
    this.ledger = new PayloadLedger(net, settings.fragmentAssemblyTimeoutMillis());
    net.setTagListener(ledger);
  }

  /**
   * A well-mixed 64-bit value from (seed, stream). {@code new Random(seed)} for consecutive seeds
   * gives nearly equal first draws, so every seeded generator is keyed through this.
   */
  static long mix(long seed, long stream) {
    return new SplittableRandom(seed).split().nextLong() ^ new SplittableRandom(stream).nextLong();
  }

  /** The scenario's own parameter generator for {@code seed}. */
  static Random parameters(long seed) {
    return new Random(mix(seed, 0));
  }

  /** A new peer at address 10.0.0.(n+1); call {@link SimPeer#start()} when configured. */
  SimPeer addPeer(String name, int mtu, SecurityFlags flags) {
    int n = peers.size();
    PeerAddress address = PeerAddress.ofBytes(new byte[] {10, 0, 0, (byte) (n + 1)});
    CryptoProvider crypto =
        DefaultCryptoProvider.withRandom(new SeededRandomSource(mix(seed, 100 + n)));
    SimPeer p = new SimPeer(this, name, address, mtu, flags, crypto);
    peers.add(p);
    byKey.put(HexFormat.of().formatHex(p.key.publicKey().encoded()), p);
    net.attach(address, p);
    return p;
  }

  List<SimPeer> peers() {
    return peers;
  }

  SimPeer peerOf(P384PublicKey key) {
    return byKey.get(HexFormat.of().formatHex(key.encoded()));
  }

  /** Both stores get the same one-time-password ratchet for each other (§9.2). */
  void introduce(SimPeer a, SimPeer b, CryptoProvider crypto) {
    byte[] otp = new byte[32];
    new Random(mix(seed, 2)).nextBytes(otp);
    RatchetState state = RatchetState.fromOneTimePassword(otp, crypto.hmacSha512());
    a.store().put(b.key.publicKey().encoded(), RatchetPair.of(state, null));
    b.store().put(a.key.publicKey().encoded(), RatchetPair.of(state, null));
  }

  void violation(String v) {
    violations.add("t=" + net.nowMillis() + " " + v);
  }

  /** Both peers hold confirmed, partnered sessions to each other that can send. */
  boolean pairUp(SimPeer a, SimPeer b) {
    Session sa = a.liveSession(b);
    Session sb = b.liveSession(a);
    return a.established(b)
        && b.established(a)
        && SimPeer.sessionId(sa).equals(SimPeer.sessionId(sb));
  }

  /** Both peers' partnered sessions are idle in S2 (no handshake or rekey in flight). */
  boolean pairIdle(SimPeer a, SimPeer b) {
    return pairUp(a, b)
        && a.liveSession(b).state() == SessionState.S2
        && b.liveSession(a).state() == SessionState.S2;
  }

  /**
   * Checks that two peers' stored ratchets for each other agree (call when {@link #pairIdle}): same
   * state1 (fingerprint) and chain length, no state2 left. Returns the chain length.
   */
  long checkRatchetsInSync(SimPeer a, SimPeer b) {
    RatchetPair pa = a.storedPairFor(b);
    RatchetPair pb = b.storedPairFor(a);
    if (!pa.state1().equals(pb.state1())
        || pa.state1().chainLength() != pb.state1().chainLength()
        || pa.state2() != null
        || pb.state2() != null) {
      violation(
          "ratchets out of sync while idle: "
              + a.name
              + " holds "
              + pa
              + ", "
              + b.name
              + " holds "
              + pb);
    }
    return pa.state1().chainLength();
  }

  /** Every violation seen: the network's, the ledger's, the peers' and internal errors. */
  List<String> violations() {
    List<String> out = new ArrayList<>(violations);
    out.addAll(net.violations());
    out.addAll(ledger.violations());
    for (SimPeer p : peers) {
      out.addAll(p.statsViolations());
      for (DropReason reason : impossibleDrops()) {
        long n = p.drops(reason);
        if (n != 0) {
          out.add(p.name + ": " + n + " " + reason + " drops, impossible with honest peers");
        }
      }
    }
    return out;
  }

  /**
   * Drop reasons that traffic between honest peers cannot cause here: every datagram on the
   * simulated wire was produced by a peer. AUTHENTICATION_FAILED is expected only where a scenario
   * makes a peer refuse a ratchet (π2); REPLAYED only where the network duplicates datagrams (the
   * traffic is paced so that reordering never exceeds the 128-packet window, §10.2).
   */
  private List<DropReason> impossibleDrops() {
    List<DropReason> out =
        new ArrayList<>(
            List.of(
                DropReason.INTERNAL_ERROR,
                DropReason.MALFORMED_DATAGRAM,
                DropReason.BAD_FRAGMENT_HEADER,
                DropReason.WRONG_SIZE,
                DropReason.INVALID_PUBLIC_KEY,
                DropReason.ZERO_KEY_ID,
                DropReason.RATCHET_STORE));
    if (!expectAuthenticationFailures) {
      out.add(DropReason.AUTHENTICATION_FAILED);
    }
    if (!duplicatesPossible) {
      out.add(DropReason.REPLAYED);
    }
    return out;
  }

  /** Traces of every peer (for a failure message). */
  String traces() {
    StringBuilder sb = new StringBuilder();
    for (SimPeer p : peers) {
      sb.append(p.name)
          .append(": ")
          .append(p.stats)
          .append(" drops=")
          .append(p.dropSummary())
          .append('\n')
          .append(p.trace())
          .append('\n');
    }
    return sb.toString();
  }

  long sum(java.util.function.ToLongFunction<SimStats> f) {
    long n = 0;
    for (SimPeer p : peers) {
      n += f.applyAsLong(p.stats);
    }
    return n;
  }
}
