package io.zssp.conformance.bugs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.AcceptDecision;
import io.zssp.api.ChallengePolicy;
import io.zssp.api.DropReason;
import io.zssp.api.OpenOptions;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspEvent;
import io.zssp.api.ZsspSettings;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.ForwardingCryptoProvider;
import io.zssp.crypto.ForwardingP384;
import io.zssp.crypto.KemKeyPair;
import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import io.zssp.wire.KeySet;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.security.auth.Destroyable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The security properties of docs/THREAT-MODEL.md §5 that need an attacker's view rather than a
 * canonical bug (the gaps of its §11): identity hiding on the wire (P1), the destruction of
 * handshake and session secrets (P2), post-compromise security with a stale ratchet and a rolled
 * back ratchet store (P4), and key-compromise impersonation (P5). Written once, run against every
 * implementation through its {@link ImplementationProbe}.
 */
abstract class SecurityPropertiesSuite {
  private static final ZsspSettings FAST_REKEY =
      ZsspSettings.builder().rekeyAfterMillis(60_000).rekeyMaxJitterMillis(1_000).build();

  /** Bytes of a secret that must appear together for the scan of P1 to report it. */
  private static final int WINDOW = 12;

  private final ImplementationProbe probe;
  private final List<TestNetwork> networks = new ArrayList<>();

  SecurityPropertiesSuite(ImplementationProbe probe) {
    this.probe = probe;
  }

  private TestNetwork network() {
    TestNetwork n = new TestNetwork(probe);
    networks.add(n);
    return n;
  }

  @AfterEach
  void closeContexts() {
    for (TestNetwork n : networks) {
      for (TestPeer p : n.peers.values()) {
        p.ctx.close();
      }
    }
  }

  // ------------------------------------------------------------------ P1

  /**
   * P1, identity hiding, directly: over a first-contact handshake, data both ways (some of it
   * fragmented), a KK rekey and a second handshake that carries a ratchet fingerprint, with X3
   * fragmented by a small MTU and with or without a challenge, no datagram in either direction
   * contains 12 consecutive bytes of Alice's or Bob's static public key (compressed, uncompressed,
   * or the hex text the key files use), of Alice's identity blob, of a Kyber public key of Alice's,
   * or of any ratchet key or fingerprint either store held. As a check that the scan sees what is
   * in the clear, it does find Alice's XK ephemeral key in her first X1.
   */
  @ParameterizedTest(name = "challenge={0}")
  @EnumSource(
      value = ChallengePolicy.class,
      names = {"OFF", "ALWAYS"})
  void identityHiding_noDatagramCarriesAStaticKeyTheIdentityOrARatchetInTheClear(
      ChallengePolicy challenge) throws Exception {
    TestNetwork net = network();
    TrackingCrypto aliceCrypto = new TrackingCrypto(DefaultCryptoProvider.create());
    TestPeer alice = net.peer("alice", 1, FAST_REKEY, b -> b.crypto(aliceCrypto));
    TestPeer bob = net.peer("bob", 2, ZsspSettings.DEFAULTS, b -> b.challengePolicy(challenge));
    SecureRandom r = new SecureRandom();
    byte[] identity = new byte[1200];
    r.nextBytes(identity);
    OpenOptions options = OpenOptions.builder().identity(identity).mtu(300).build();
    Set<RatchetState> ratchets = new LinkedHashSet<>();

    Session a = alice.open(bob, options);
    net.deliverAll();
    if (challenge == ChallengePolicy.ALWAYS) {
      net.run(3_000, 250); // Alice's X1 resend carries the answer
    }
    assertEquals(SessionState.S2, a.state(), alice.log());
    exchange(net, a, bob.session(), r);
    ratchets.addAll(states(alice.stored(bob), bob.stored(alice)));
    net.run(61_000, 500); // a KK rekey
    assertEquals(1, alice.events(ZsspEvent.Rekeyed.class).size(), alice.log());
    exchange(net, a, bob.session(), r);
    ratchets.addAll(states(alice.stored(bob), bob.stored(alice)));
    a.close();
    bob.session().close();
    Session a2 = alice.open(bob, options); // X1 now carries rf1 ≠ 0
    net.deliverAll();
    if (challenge == ChallengePolicy.ALWAYS) {
      net.run(3_000, 250);
    }
    assertEquals(SessionState.S2, a2.state(), alice.log());
    exchange(net, a2, bob.session(), r);
    ratchets.addAll(states(alice.stored(bob), bob.stored(alice)));
    if (challenge == ChallengePolicy.ALWAYS) {
      assertTrue(net.count(TestNetwork.Datagram::isChallenge) >= 2, "no challenge was sent");
    }

    Map<ByteBuffer, String> secrets = new HashMap<>();
    for (TestPeer p : List.of(alice, bob)) {
      byte[] key = p.publicKey();
      addWindows(secrets, key, p.name + "'s static key (compressed)");
      addWindows(secrets, uncompressed(key), p.name + "'s static key (uncompressed)");
      addWindows(
          secrets,
          HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII),
          p.name + "'s static key (hex)");
    }
    addWindows(secrets, identity, "Alice's identity");
    assertEquals(2, aliceCrypto.kemPairs.size(), "one Kyber key per X1");
    for (KemKeyPair k : aliceCrypto.kemPairs) {
      addWindows(secrets, k.publicKey(), "a Kyber public key of Alice's");
    }
    assertEquals(3, ratchets.size(), "ratchet states seen (chains 1, 2 and 3): " + ratchets.size());
    for (RatchetState s : ratchets) {
      addWindows(secrets, s.fingerprint(), "a ratchet fingerprint (chain " + s.chainLength() + ")");
      byte[] rk = s.key();
      addWindows(secrets, rk, "a ratchet key (chain " + s.chainLength() + ")");
      Arrays.fill(rk, (byte) 0);
    }
    List<String> found = new ArrayList<>();
    for (TestNetwork.Datagram d : net.sent) {
      String what = scan(secrets, d.bytes());
      if (what != null) {
        found.add(what + " in a " + d.length() + "-byte datagram from " + d.from());
      }
    }
    assertTrue(found.isEmpty(), "in the clear: " + found);
    assertTrue(net.count(d -> d.from().equals(bob.address)) > 10, "too little traffic from Bob");
    assertEquals(
        0,
        net.count(d -> d.from().equals(alice.address) && d.length() > 300),
        "Alice's datagrams exceed the MTU, so X3 (1281 bytes) may not have been fragmented");

    Map<ByteBuffer, String> control = new HashMap<>();
    addWindows(control, aliceCrypto.p384Pairs.get(0).publicKey().encoded(), "ephemeral");
    assertTrue(
        net.sent.stream().anyMatch(d -> d.isX1() && scan(control, d.bytes()) != null),
        "the scan did not find Alice's ephemeral key, which X1 carries in the clear");
  }

  /** Sends payloads of several sizes (one of them fragmented) both ways and delivers them. */
  private static void exchange(TestNetwork net, Session a, Session b, SecureRandom r)
      throws Exception {
    for (int size : new int[] {0, 40, 900, 3000}) {
      byte[] p = new byte[size];
      r.nextBytes(p);
      a.send(p, 0, p.length);
      b.send(p, 0, p.length);
    }
    net.deliverAll();
  }

  private static List<RatchetState> states(RatchetPair... pairs) {
    List<RatchetState> out = new ArrayList<>();
    for (RatchetPair p : pairs) {
      for (RatchetState s : new RatchetState[] {p.state1(), p.state2()}) {
        if (s != null && !s.isZero()) {
          out.add(s);
        }
      }
    }
    return out;
  }

  private static void addWindows(Map<ByteBuffer, String> windows, byte[] secret, String what) {
    for (int i = 0; i + WINDOW <= secret.length; i++) {
      windows.putIfAbsent(ByteBuffer.wrap(Arrays.copyOfRange(secret, i, i + WINDOW)), what);
    }
  }

  /** What the first window of {@code windows} found in {@code datagram} belongs to, or null. */
  private static String scan(Map<ByteBuffer, String> windows, byte[] datagram) {
    for (int i = 0; i + WINDOW <= datagram.length; i++) {
      String what = windows.get(ByteBuffer.wrap(datagram, i, WINDOW));
      if (what != null) {
        return what;
      }
    }
    return null;
  }

  private static final BigInteger P384_P =
      new BigInteger(
          "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
          16);
  private static final BigInteger P384_B =
      new BigInteger(
          "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef",
          16);

  /** The 97-byte uncompressed SEC 1 encoding (04 ‖ x ‖ y) of a compressed P-384 key. */
  static byte[] uncompressed(byte[] compressed) {
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(compressed, 1, 49));
    BigInteger rhs = x.pow(3).subtract(x.multiply(BigInteger.valueOf(3))).add(P384_B).mod(P384_P);
    BigInteger y = rhs.modPow(P384_P.add(BigInteger.ONE).shiftRight(2), P384_P); // p ≡ 3 (mod 4)
    assertEquals(rhs, y.multiply(y).mod(P384_P), "not on the curve");
    if (y.testBit(0) != (compressed[0] == 3)) {
      y = P384_P.subtract(y);
    }
    byte[] out = new byte[97];
    out[0] = 4;
    System.arraycopy(compressed, 1, out, 1, 48);
    byte[] yb = y.toByteArray(); // may carry a sign byte or be shorter
    int n = Math.min(48, yb.length);
    System.arraycopy(yb, yb.length - n, out, 97 - n, n);
    return out;
  }

  // ------------------------------------------------------------------ P2

  /**
   * P2, at protocol level: Alice's ephemeral P-384 key and Kyber secret key live until X2 is
   * processed (A3) and are destroyed then; Bob's ephemeral lives in the half-open entry and is
   * destroyed when X3 claims it (his Kyber encapsulation already once X2 is built); the ephemerals
   * of a KK rekey are destroyed once it completes; and closing a session (by the application at
   * Alice, by closing the context at Bob) destroys every key set it holds and both header keys.
   */
  @Test
  void handshakeAndSessionSecrets_areDestroyedOnceTheirStepIsDone() throws Exception {
    TestNetwork net = network();
    TrackingCrypto ac = new TrackingCrypto(DefaultCryptoProvider.create());
    TrackingCrypto bc = new TrackingCrypto(DefaultCryptoProvider.create());
    TestPeer alice = net.peer("alice", 1, FAST_REKEY, b -> b.crypto(ac));
    TestPeer bob = net.peer("bob", 2, ZsspSettings.DEFAULTS, b -> b.crypto(bc));
    Session a = alice.open(bob);
    assertEquals(1, ac.p384Pairs.size());
    assertEquals(1, ac.kemPairs.size());
    P384KeyPair x = ac.p384Pairs.get(0);
    KemKeyPair kyber = ac.kemPairs.get(0);
    assertFalse(x.isDestroyed(), "Alice's ephemeral destroyed before X2");
    assertFalse(kyber.isDestroyed(), "Alice's Kyber key destroyed before X2");

    net.deliverUntil(() -> bob.halfOpenCount() == 1); // X1 processed, X2 queued
    assertEquals(1, bc.p384Pairs.size());
    P384KeyPair y = bc.p384Pairs.get(0);
    assertFalse(y.isDestroyed(), "Bob's ephemeral destroyed while his half-open entry lives");
    assertEquals(1, bc.encapsulations.size());
    assertTrue(bc.encapsulations.get(0).isDestroyed(), "Bob's Kyber secret kept after X2");
    assertFalse(x.isDestroyed());

    net.deliverUntil(() -> a.state() == SessionState.A3); // X2 processed
    assertTrue(x.isDestroyed(), "Alice's ephemeral P-384 key not destroyed after X2");
    assertTrue(kyber.isDestroyed(), "Alice's Kyber secret key not destroyed after X2");
    assertFalse(y.isDestroyed(), "Bob's ephemeral destroyed before X3");

    net.deliverUntil(() -> bob.halfOpenCount() == 0); // X3 claimed the half-open entry
    assertTrue(y.isDestroyed(), "Bob's ephemeral not destroyed with his half-open entry");
    net.deliverAll();
    Session b = bob.session();
    assertEquals(SessionState.S2, a.state(), alice.log());
    assertEquals(SessionState.S2, b.state(), bob.log());

    net.run(61_000, 500); // a KK rekey, started by Alice
    assertEquals(1, alice.events(ZsspEvent.Rekeyed.class).size(), alice.log());
    assertEquals(1, bob.events(ZsspEvent.Rekeyed.class).size(), bob.log());
    assertEquals(2, ac.p384Pairs.size(), "Alice's keys: XK and KK ephemerals");
    assertEquals(2, bc.p384Pairs.size(), "Bob's keys: XK and KK ephemerals");
    for (P384KeyPair k : List.of(ac.p384Pairs.get(1), bc.p384Pairs.get(1))) {
      assertTrue(k.isDestroyed(), "a KK ephemeral outlived its rekey");
    }

    List<Destroyable> aliceKeys = sessionKeys(a);
    List<Destroyable> bobKeys = sessionKeys(b);
    assertTrue(aliceKeys.size() >= 6, "Alice: a complete key set and two header keys");
    assertTrue(bobKeys.size() >= 6, "Bob: a complete key set and two header keys");
    for (Destroyable k : aliceKeys) {
      assertFalse(k.isDestroyed(), "a live key of Alice's session is destroyed");
    }
    a.close();
    for (int i = 0; i < aliceKeys.size(); i++) {
      assertTrue(aliceKeys.get(i).isDestroyed(), "Alice's closed session kept key " + i);
    }
    for (Destroyable k : bobKeys) {
      assertFalse(k.isDestroyed(), "Bob's keys destroyed by Alice's close");
    }
    bob.ctx.close();
    for (int i = 0; i < bobKeys.size(); i++) {
      assertTrue(bobKeys.get(i).isDestroyed(), "Bob's session kept key " + i + " after close");
    }
  }

  /**
   * P2 for handshakes that never complete: Bob's ephemeral is destroyed when his half-open entry
   * expires, and Alice's ephemeral and Kyber key when she closes her session in A1.
   */
  @Test
  void abandonedHandshakes_destroyTheirEphemerals() throws Exception {
    TestNetwork net = network();
    TrackingCrypto ac = new TrackingCrypto(DefaultCryptoProvider.create());
    TrackingCrypto bc = new TrackingCrypto(DefaultCryptoProvider.create());
    TestPeer alice = net.peer("alice", 1, ZsspSettings.DEFAULTS, b -> b.crypto(ac));
    TestPeer bob = net.peer("bob", 2, ZsspSettings.DEFAULTS, b -> b.crypto(bc));
    Session a = alice.open(bob);
    net.deliverUntil(() -> bob.halfOpenCount() == 1);
    assertFalse(net.take(d -> d.from().equals(bob.address)).isEmpty(), "the X2, lost");
    P384KeyPair y = bc.p384Pairs.get(0);
    assertFalse(y.isDestroyed());
    assertEquals(SessionState.A1, a.state());
    a.close();
    assertTrue(ac.p384Pairs.get(0).isDestroyed(), "Alice's ephemeral kept after close in A1");
    assertTrue(ac.kemPairs.get(0).isDestroyed(), "Alice's Kyber key kept after close in A1");

    long lifetime = ZsspSettings.DEFAULTS.b2LifetimeMillis();
    net.now += lifetime / 2;
    bob.ctx.service();
    assertEquals(1, bob.halfOpenCount());
    assertFalse(y.isDestroyed(), "destroyed before the half-open lifetime");
    net.now += lifetime;
    bob.ctx.service();
    assertEquals(0, bob.halfOpenCount());
    assertTrue(y.isDestroyed(), "Bob's ephemeral kept after his half-open entry expired");
  }

  /** Every key of the session's key sets and its header keys, in a fixed order. */
  private List<Destroyable> sessionKeys(Session s) {
    List<Destroyable> out = new ArrayList<>();
    for (KeySet set : new KeySet[] {probe.current(s), probe.other(s)}) {
      if (set != null) {
        Stream.of(set.kekSend, set.kekRecv, set.nkSend, set.nkRecv)
            .filter(k -> k != null)
            .forEach(out::add);
      }
    }
    out.add(probe.hkSend(s));
    out.add(probe.hkRecv(s));
    return out;
  }

  // ------------------------------------------------------------------ P4

  /**
   * What Mallory tries with Alice's stolen static key and a copy of Alice's ratchet record taken
   * before the chain moved on, against Bob's flags (§9.7).
   */
  enum StaleRatchet {
    /**
     * π1 at Bob: an X1 with a fingerprint Bob no longer holds is dropped; Mallory hears nothing.
     */
    BOB_PI1(true, false, false, false, false),
    /**
     * π3 at Bob: he answers with the zero ratchet, Mallory falls back to it (a warning at her end),
     * and Bob rejects her X3 with D: Alice's record is not the zero one.
     */
    BOB_PI3(false, true, false, false, false),
    /**
     * Opportunistic Bob, Mallory without the zero fallback: the stale ratchet key alone fails to
     * authenticate X2.
     */
    STALE_KEY_ONLY(false, false, true, false, false),
    /**
     * Opportunistic Bob, Mallory falling back to the zero ratchet: she gets a session as Alice, but
     * only as a downgraded one (NewDowngradedSession), which restarts Bob's chain for Alice and
     * thereby locks the real Alice out where she refuses downgrades (π2).
     */
    BOB_OPPORTUNISTIC(false, false, false, false, false),
    /**
     * The limit of P4, as a control: with a copy of the current record (taken after the rekey)
     * Mallory is Alice, even under π1 and π3, without any downgrade.
     */
    CURRENT_RECORD(true, true, true, true, false),
    /**
     * The window a rollback re-opens (attacker ST as well): Bob's record for Alice is rolled back
     * to the one Mallory stole, and she is Alice again, under π1 and π3, without any downgrade.
     */
    STALE_RECORD_AND_BOB_ROLLED_BACK(true, true, true, false, true);

    final boolean pi1;
    final boolean pi3;
    final boolean malloryPi2;
    final boolean currentRecord;
    final boolean rollBackBob;

    StaleRatchet(
        boolean pi1, boolean pi3, boolean malloryPi2, boolean currentRecord, boolean rollBackBob) {
      this.pi1 = pi1;
      this.pi3 = pi3;
      this.malloryPi2 = malloryPi2;
      this.currentRecord = currentRecord;
      this.rollBackBob = rollBackBob;
    }
  }

  /**
   * P4, post-compromise security: Mallory holds Alice's static key and Alice's ratchet record as it
   * was at the theft; then Alice and Bob rekey (the chain moves on). Mallory, opening to Bob as
   * Alice, gets exactly what §9.7 says for each of Bob's flags ({@link StaleRatchet}); where she
   * gets nothing, Bob's record is unchanged and the real Alice reconnects without a downgrade. The
   * two controls show what does let her in: a current record, or a stale one with Bob's store
   * rolled back to it.
   */
  @ParameterizedTest
  @EnumSource(StaleRatchet.class)
  void stolenStaticKeyWithAStaleRatchet_cannotImpersonateAliceOnceTheChainMovedOn(StaleRatchet c)
      throws Exception {
    TestNetwork net = network();
    TestPeer alice = net.peer("alice", 1, FAST_REKEY, b -> {});
    TestPeer bob = net.peer("bob", 2);
    TestPeer.introduce(alice, bob);
    bob.requireRecognizedRatchet = c.pi1;
    bob.acceptDecision = AcceptDecision.accept(c.pi3, false, null);
    OpenOptions aliceOptions =
        OpenOptions.builder().identity("alice".getBytes()).disallowDowngrade(true).build();
    Session a = alice.open(bob, aliceOptions);
    net.deliverAll();
    assertEquals(SessionState.S2, a.state(), alice.log());
    RatchetPair atTheft = alice.stored(bob);
    assertEquals(2, atTheft.state1().chainLength());
    byte[] stolenScalar = alice.key.exportPrivateScalar();

    net.run(61_000, 500); // Alice and Bob rekey: the chain moves on
    assertEquals(1, alice.events(ZsspEvent.Rekeyed.class).size(), alice.log());
    RatchetPair bobsRecord = bob.stored(alice);
    assertEquals(3, bobsRecord.state1().chainLength());
    assertNull(bobsRecord.state2());
    assertEquals(bobsRecord, alice.stored(bob));
    RatchetPair mallorysCopy = c.currentRecord ? bobsRecord : atTheft;

    P384KeyPair stolen = DefaultCryptoProvider.create().p384().importPrivateKey(stolenScalar);
    Arrays.fill(stolenScalar, (byte) 0);
    TestPeer mallory = net.peer("mallory", 3, ZsspSettings.DEFAULTS, b -> b.staticKey(stolen));
    mallory.store.put(bob.publicKey(), mallorysCopy);
    if (c.rollBackBob) {
      bob.store.put(alice.publicKey(), atTheft);
    }
    int bobEstablished = bob.events(ZsspEvent.SessionEstablished.class).size();
    long unrecognized = bob.drops(DropReason.UNRECOGNIZED_RATCHET);
    Session m =
        mallory.ctx.open(
            bob.key.publicKey(),
            bob.address,
            OpenOptions.builder()
                .identity("alice".getBytes())
                .disallowDowngrade(c.malloryPi2)
                .build());
    net.deliverAll();

    List<ZsspEvent.SessionEstablished> established = bob.events(ZsspEvent.SessionEstablished.class);
    List<ZsspEvent.SessionEstablished> asAlice =
        established.subList(bobEstablished, established.size());
    int warnings = mallory.events(ZsspEvent.DowngradeWarning.class).size();
    switch (c) {
      case BOB_PI1 -> {
        assertEquals(unrecognized + 1, bob.drops(DropReason.UNRECOGNIZED_RATCHET), bob.log());
        assertEquals(0, net.count(d -> d.to().equals(mallory.address)), "Bob answered Mallory");
      }
      case BOB_PI3 -> {
        assertEquals(1, warnings, "Mallory's zero-key fallback: " + mallory.log());
        assertEquals(1, mallory.events(ZsspEvent.SessionRejected.class).size(), mallory.log());
      }
      case STALE_KEY_ONLY -> {
        assertTrue(mallory.drops(DropReason.AUTHENTICATION_FAILED) >= 1, mallory.log());
        assertEquals(0, warnings);
        assertEquals(SessionState.A1, m.state());
      }
      case BOB_OPPORTUNISTIC -> {
        assertEquals(1, warnings, mallory.log());
        assertEquals(1, asAlice.size(), bob.log());
        assertTrue(asAlice.get(0).downgraded(), "not reported as NewDowngradedSession");
        assertEquals(alice.key.publicKey(), asAlice.get(0).session().remoteStaticKey());
        assertEquals(SessionState.S2, m.state(), mallory.log());
        RatchetPair replaced = bob.stored(alice);
        assertEquals(1, replaced.state1().chainLength(), "Bob's chain for Alice did not restart");
        assertEquals(replaced, mallory.stored(bob));
        long failed = alice.drops(DropReason.AUTHENTICATION_FAILED);
        Session locked = alice.open(bob, aliceOptions);
        net.deliverAll();
        assertNotEquals(SessionState.S2, locked.state());
        assertTrue(alice.drops(DropReason.AUTHENTICATION_FAILED) > failed, alice.log());
        return;
      }
      case CURRENT_RECORD, STALE_RECORD_AND_BOB_ROLLED_BACK -> {
        assertEquals(1, asAlice.size(), bob.log());
        assertFalse(asAlice.get(0).downgraded());
        assertEquals(0, warnings);
        assertEquals(SessionState.S2, m.state(), mallory.log());
        return;
      }
      default -> throw new AssertionError(c);
    }
    assertTrue(asAlice.isEmpty(), "Bob accepted Mallory as Alice: " + bob.log());
    assertNotEquals(SessionState.S2, m.state());
    assertEquals(bobsRecord, bob.stored(alice), "Mallory changed Bob's record for Alice");

    Session again = alice.open(bob, aliceOptions); // the real Alice, unaffected
    net.deliverAll();
    assertEquals(SessionState.S2, again.state(), alice.log());
    assertEquals(0, alice.events(ZsspEvent.DowngradeWarning.class).size());
    List<ZsspEvent.SessionEstablished> all = bob.events(ZsspEvent.SessionEstablished.class);
    assertFalse(all.get(all.size() - 1).downgraded());
    assertEquals(4, bob.stored(alice).state1().chainLength());
  }

  /** The security flags of both peers for the rollback test (§9.7). */
  enum Flags {
    /** π1 at Bob, π2 at Alice, π3 at Bob. */
    STRICT(true, true, true),
    /** Only π2 (Alice refuses the zero-key fallback). */
    PI2_ONLY(false, true, false),
    /** Only π3 (Bob refuses a zero ratchet from a peer he holds a record of). */
    PI3_ONLY(false, false, true),
    /** All flags 0. */
    OPPORTUNISTIC(false, false, false);

    final boolean pi1;
    final boolean pi2;
    final boolean pi3;

    Flags(boolean pi1, boolean pi2, boolean pi3) {
      this.pi1 = pi1;
      this.pi2 = pi2;
      this.pi3 = pi3;
    }
  }

  static Stream<Arguments> rollbacks() {
    return Stream.of(Flags.values())
        .flatMap(f -> Stream.of(Arguments.of(f, true), Arguments.of(f, false)));
  }

  /**
   * P4 against attacker ST, who rolls a ratchet store back: the record one peer holds for the other
   * is replaced by the one it held a handshake earlier (its live sessions are closed first, as by a
   * restart). The next handshake ends exactly as §9.7 says: π1 drops the X1 (Bob no longer knows
   * the fingerprint Alice sends), π2 refuses the zero-key fallback, π3 rejects Alice's zero ratchet
   * at X3 (Bob holds a record, stale or not), and with every flag 0 the session is established with
   * both warnings: DowngradedRatchetKey at Alice and NewDowngradedSession at Bob, on a new chain.
   * Where no session results, Bob's record is unchanged.
   */
  @ParameterizedTest(name = "{0}, Bob rolled back={1}")
  @MethodSource("rollbacks")
  void ratchetStoreRollback_isRefusedOrAWarnedDowngrade_perTheFlags(Flags f, boolean bobRolledBack)
      throws Exception {
    TestNetwork net = network();
    TestPeer alice = net.peer("alice", 1);
    TestPeer bob = net.peer("bob", 2);
    TestPeer.introduce(alice, bob);
    bob.requireRecognizedRatchet = f.pi1;
    bob.acceptDecision = AcceptDecision.accept(f.pi3, false, null);
    OpenOptions options =
        OpenOptions.builder().identity("alice".getBytes()).disallowDowngrade(f.pi2).build();
    TestPeer victim = bobRolledBack ? bob : alice;
    TestPeer other = bobRolledBack ? alice : bob;

    Session a = alice.open(bob, options);
    net.deliverAll();
    assertEquals(SessionState.S2, a.state(), alice.log());
    RatchetPair backup = victim.stored(other);
    assertEquals(2, backup.state1().chainLength());
    a.close();
    bob.session().close();
    a = alice.open(bob, options);
    net.deliverAll();
    assertEquals(SessionState.S2, a.state(), alice.log());
    assertEquals(3, bob.stored(alice).state1().chainLength());
    assertEquals(bob.stored(alice), alice.stored(bob));
    a.close();
    bob.session().close();

    victim.store.put(other.publicKey(), backup); // the rollback
    RatchetPair bobsRecord = bob.stored(alice);
    RatchetPair alicesRecord = alice.stored(bob);
    int warnings = alice.events(ZsspEvent.DowngradeWarning.class).size();
    int established = bob.events(ZsspEvent.SessionEstablished.class).size();
    long unrecognized = bob.drops(DropReason.UNRECOGNIZED_RATCHET);
    long authFailed = alice.drops(DropReason.AUTHENTICATION_FAILED);
    Session s = alice.open(bob, options);
    net.deliverAll();

    int newWarnings = alice.events(ZsspEvent.DowngradeWarning.class).size() - warnings;
    List<ZsspEvent.SessionEstablished> accepted =
        bob.events(ZsspEvent.SessionEstablished.class)
            .subList(established, bob.events(ZsspEvent.SessionEstablished.class).size());
    if (f == Flags.OPPORTUNISTIC) {
      assertEquals(SessionState.S2, s.state(), alice.log());
      assertEquals(1, newWarnings, "DowngradedRatchetKey at Alice: " + alice.log());
      assertEquals(1, accepted.size(), bob.log());
      assertTrue(accepted.get(0).downgraded(), "NewDowngradedSession at Bob");
      assertEquals(1, bob.stored(alice).state1().chainLength(), "a new chain");
      assertEquals(bob.stored(alice), alice.stored(bob));
      return;
    }
    assertNotEquals(SessionState.S2, s.state(), alice.log());
    assertTrue(accepted.isEmpty(), "Bob accepted: " + bob.log());
    assertEquals(bobsRecord, bob.stored(alice), "Bob's record changed");
    switch (f) {
      case STRICT -> {
        assertEquals(unrecognized + 1, bob.drops(DropReason.UNRECOGNIZED_RATCHET), bob.log());
        assertEquals(0, newWarnings);
        assertEquals(alicesRecord, alice.stored(bob), "Alice's record changed without an X2");
      }
      case PI2_ONLY -> {
        assertTrue(alice.drops(DropReason.AUTHENTICATION_FAILED) > authFailed, alice.log());
        assertEquals(0, newWarnings, "Alice downgraded despite π2");
        assertEquals(alicesRecord, alice.stored(bob), "Alice's record changed on a refused X2");
      }
      case PI3_ONLY -> {
        assertEquals(1, newWarnings, "DowngradedRatchetKey at Alice: " + alice.log());
        assertEquals(1, alice.events(ZsspEvent.SessionRejected.class).size(), alice.log());
      }
      default -> throw new AssertionError(f);
    }
  }

  // ------------------------------------------------------------------ P5

  /**
   * A static key pair that claims {@code claimed} as its public key while its private half is
   * {@code real}: how Mallory, holding other peers' private keys, presents Carol's public key.
   */
  private static final class Claimed implements P384KeyPair {
    final P384PublicKey claimed;
    final P384KeyPair real;

    Claimed(P384PublicKey claimed, P384KeyPair real) {
      this.claimed = claimed;
      this.real = real;
    }

    @Override
    public P384PublicKey publicKey() {
      return claimed;
    }

    @Override
    public byte[] exportPrivateScalar() {
      return real.exportPrivateScalar();
    }

    @Override
    public void destroy() {
      real.destroy();
    }

    @Override
    public boolean isDestroyed() {
      return real.isDestroyed();
    }
  }

  /** A provider whose ECDH uses the real private half of a {@link Claimed} key. */
  private static CryptoProvider claiming(CryptoProvider crypto) {
    P384 unwrapping =
        new ForwardingP384(crypto.p384()) {
          @Override
          public void agree(P384KeyPair k, P384PublicKey pub, byte[] out, int off) {
            super.agree(k instanceof Claimed ? ((Claimed) k).real : k, pub, out, off);
          }
        };
    return new ForwardingCryptoProvider(crypto) {
      @Override
      public P384 p384() {
        return unwrapping;
      }
    };
  }

  /**
   * P5, key-compromise impersonation: Mallory holds Alice's and Bob's static private keys and
   * copies of Carol's ratchet records, and claims to be Carol to Alice and to Bob, doing her ECDH
   * with either stolen key. Every attempt fails at X3 (the se token needs Carol's private key): the
   * victim drops it as AUTHENTICATION_FAILED before asking the application, establishes nothing,
   * sends no C1 or D and keeps its record for Carol. As a control, the same harness with Carol's
   * own private key is accepted as Carol.
   */
  @Test
  void twoStolenStaticKeys_cannotImpersonateAThirdPeerToTheirOwners() throws Exception {
    TestNetwork net = network();
    TestPeer alice = net.peer("alice", 1);
    TestPeer bob = net.peer("bob", 2);
    TestPeer carol = net.peer("carol", 3);
    TestPeer.establish(carol, alice);
    TestPeer.establish(carol, bob);
    P384 p384 = DefaultCryptoProvider.create().p384();
    int address = 10;
    for (TestPeer victim : List.of(alice, bob)) {
      for (TestPeer stolenFrom : List.of(alice, bob, carol)) {
        byte[] scalar = stolenFrom.key.exportPrivateScalar();
        P384KeyPair stolen = p384.importPrivateKey(scalar);
        Arrays.fill(scalar, (byte) 0);
        Claimed key = new Claimed(carol.key.publicKey(), stolen);
        TestPeer mallory =
            net.peer(
                "mallory-" + address,
                address++,
                ZsspSettings.DEFAULTS,
                b -> b.staticKey(key).crypto(claiming(DefaultCryptoProvider.create())));
        RatchetPair carolsRecord = victim.stored(carol);
        assertFalse(carolsRecord.state1().isZero(), "the victim holds a ratchet for Carol");
        mallory.store.put(victim.publicKey(), carol.stored(victim)); // stolen too
        int asked = victim.identities.size();
        int established = victim.events(ZsspEvent.SessionEstablished.class).size();
        long failed = victim.drops(DropReason.AUTHENTICATION_FAILED);
        Session m =
            mallory.ctx.open(
                victim.key.publicKey(),
                victim.address,
                OpenOptions.builder().identity("carol".getBytes()).build());
        net.deliverAll();
        String what = victim + " with " + stolenFrom + "'s key";
        if (stolenFrom == carol) {
          assertEquals(SessionState.S2, m.state(), what + ": " + mallory.log());
          assertEquals("carol", new String(victim.identities.get(asked)), what);
          ZsspEvent.SessionEstablished e =
              victim.events(ZsspEvent.SessionEstablished.class).get(established);
          assertEquals(carol.key.publicKey(), e.session().remoteStaticKey(), what);
          continue;
        }
        assertNotEquals(SessionState.S2, m.state(), what);
        assertEquals(asked, victim.identities.size(), what + ": the application was asked");
        assertEquals(established, victim.events(ZsspEvent.SessionEstablished.class).size(), what);
        assertTrue(victim.drops(DropReason.AUTHENTICATION_FAILED) > failed, what);
        assertEquals(
            0,
            net.count(
                d ->
                    d.from().equals(victim.address)
                        && d.to().equals(mallory.address)
                        && d.isControl()),
            what + ": C1 or D sent");
        assertEquals(carolsRecord, victim.stored(carol), what + ": Carol's record changed");
      }
    }
  }
}
