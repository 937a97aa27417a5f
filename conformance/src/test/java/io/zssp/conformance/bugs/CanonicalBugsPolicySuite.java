package io.zssp.conformance.bugs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.ChallengePolicy;
import io.zssp.api.ContextConfig;
import io.zssp.api.OpenOptions;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspEvent;
import io.zssp.api.ZsspSettings;
import io.zssp.crypto.ConstantTime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ZSSP-SPEC §13: the canonical policy, comparison and configuration bugs we must not copy (B16,
 * B17, B21), each shown to be absent. Runs against every implementation through its {@link
 * ImplementationProbe}.
 */
abstract class CanonicalBugsPolicySuite {
  /** Alice never restarts on her own here: only explicit service() calls resend her X1. */
  private static final ZsspSettings PATIENT =
      ZsspSettings.builder().initialOfferTimeoutMillis(1_000_000).build();

  private final ImplementationProbe probe;
  private final TestNetwork net;
  private TestPeer alice;
  private TestPeer bob;
  private Session session;
  private long t0;

  CanonicalBugsPolicySuite(ImplementationProbe probe) {
    this.probe = probe;
    this.net = new TestNetwork(probe);
  }

  /**
   * Bob (ChallengePolicy.ALWAYS) is created at t0, which draws his first salt; at t0 + 100 s
   * Alice's X1 is challenged under that salt and she solves it. Her answer is not sent yet.
   */
  private void challengedAtT0Plus100s() throws Exception {
    alice = net.peer("alice", 1, PATIENT, b -> {});
    t0 = net.now;
    bob = net.peer("bob", 2, ZsspSettings.DEFAULTS, b -> b.challengePolicy(ChallengePolicy.ALWAYS));
    net.now = t0 + 100_000;
    session = alice.open(bob);
    net.deliverAll();
    assertEquals(1, bob.events(ZsspEvent.ChallengeIssued.class).size());
    assertEquals(1, alice.events(ZsspEvent.ChallengeAnswered.class).size());
    assertEquals(SessionState.A1, session.state());
  }

  /**
   * B16 — challenges never expire. An answer computed under the previous salt (rotated at t0 + 120
   * s, so less than 240 s old at t0 + 130 s) is accepted.
   */
  @Test
  void b16_answerUnderPreviousSalt_accepted() throws Exception {
    challengedAtT0Plus100s();
    net.now = t0 + 130_000;
    alice.ctx.service(); // the X1 resend carries the answer
    net.deliverAll();
    assertEquals(SessionState.S2, session.state(), alice.log());
    assertEquals(1, bob.events(ZsspEvent.ChallengeIssued.class).size());
  }

  /**
   * B16 — an answer under a salt older than 240 s (created at t0, delivered at t0 + 250 s, only 150
   * s after the challenge, with Bob idle in between) is rejected and challenged again; the fresh
   * answer is then accepted.
   */
  @Test
  void b16_answerUnderSaltOlderThan240s_rechallenged() throws Exception {
    challengedAtT0Plus100s();
    net.now = t0 + 250_000;
    alice.ctx.service();
    net.deliverAll();
    assertEquals(2, bob.events(ZsspEvent.ChallengeIssued.class).size(), bob.log());
    assertEquals(0, bob.halfOpenCount());
    assertEquals(SessionState.A1, session.state());
    assertEquals(2, alice.events(ZsspEvent.ChallengeAnswered.class).size());
    net.now += 1_000;
    alice.ctx.service();
    net.deliverAll();
    assertEquals(SessionState.S2, session.state(), alice.log());
  }

  /**
   * B17 — fingerprint comparison. Ratchet states compare by their full fingerprint only (keys and
   * chain lengths ignored; a difference in the last byte counts), pairs also by state2 presence,
   * and lookups go through ConstantTime ({@code RatchetState.hasFingerprint}, {@code
   * RatchetPair.containsFingerprint}); the implementation's main sources never use {@code
   * Arrays.equals}.
   */
  @Test
  void b17_fingerprintComparisons_fullLengthAndKeyBlind() throws IOException {
    Random rnd = new Random(17);
    byte[] k1 = new byte[32];
    byte[] k2 = new byte[32];
    byte[] fp = new byte[32];
    rnd.nextBytes(k1);
    rnd.nextBytes(k2);
    rnd.nextBytes(fp);
    byte[] lastByte = fp.clone();
    lastByte[31] ^= 1;
    byte[] firstByte = fp.clone();
    firstByte[0] ^= (byte) 0x80;
    RatchetState s = RatchetState.of(k1, fp, 1);
    assertEquals(s, RatchetState.of(k2, fp, 9), "keys and chain length are not compared");
    assertNotEquals(s, RatchetState.of(k1, lastByte, 1));
    assertNotEquals(s, RatchetState.of(k1, firstByte, 1));
    assertTrue(s.hasFingerprint(fp.clone()));
    assertFalse(s.hasFingerprint(lastByte));
    assertFalse(s.hasFingerprint(java.util.Arrays.copyOf(fp, 31)));

    RatchetState other = RatchetState.of(k2, lastByte, 2);
    RatchetPair single = RatchetPair.of(s, null);
    RatchetPair pair = RatchetPair.of(s, other);
    assertTrue(single.containsFingerprint(fp));
    assertFalse(single.containsFingerprint(lastByte));
    assertTrue(pair.containsFingerprint(lastByte));
    assertNotEquals(single, pair, "state2 presence matters");
    assertEquals(
        pair, RatchetPair.of(RatchetState.of(k2, fp, 5), RatchetState.of(k1, lastByte, 0)));
    assertFalse(ConstantTime.equals(fp, lastByte));
    assertFalse(ConstantTime.equals(fp, java.util.Arrays.copyOf(fp, 33)));

    Path sources = repositoryRoot().resolve(probe.mainSourceDirectory());
    assertTrue(Files.isDirectory(sources), "main sources not found: " + sources);
    try (Stream<Path> files = Files.walk(sources)) {
      List<Path> offenders =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> read(p).contains("Arrays.equals("))
              .toList();
      assertEquals(List.of(), offenders, "secret comparisons must use ConstantTime");
    }
  }

  /** The repository root: the {@code zssp.repository.root} property the build sets, else "..". */
  private static Path repositoryRoot() {
    String configured = System.getProperty("zssp.repository.root");
    return configured == null || configured.isEmpty() ? Path.of("..") : Path.of(configured);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * B21 — configuration footguns. A rekey jitter of 0 (or negative, or not below the rekey
   * interval) is rejected, as are rekeyAfterKeyUses above 2^32 − 1 and MTUs below 128 in both
   * OpenOptions and ContextConfig; 128 itself is accepted.
   */
  @Test
  void b21_invalidConfiguration_rejected() {
    assertThrows(
        IllegalArgumentException.class, () -> ZsspSettings.builder().rekeyMaxJitterMillis(0));
    assertThrows(
        IllegalArgumentException.class, () -> ZsspSettings.builder().rekeyMaxJitterMillis(-1));
    assertThrows(
        IllegalArgumentException.class,
        () -> ZsspSettings.builder().rekeyAfterMillis(1_000).rekeyMaxJitterMillis(1_000).build());
    assertThrows(
        IllegalArgumentException.class, () -> ZsspSettings.builder().rekeyAfterKeyUses(1L << 32));
    assertEquals(1, ZsspSettings.builder().rekeyMaxJitterMillis(1).build().rekeyMaxJitterMillis());

    assertThrows(IllegalArgumentException.class, () -> OpenOptions.builder().mtu(127));
    assertThrows(IllegalArgumentException.class, () -> OpenOptions.builder().mtu(0));
    assertEquals(128, OpenOptions.builder().mtu(128).build().mtu());
    assertThrows(IllegalArgumentException.class, () -> ContextConfig.builder().mtu(127));
    assertThrows(IllegalArgumentException.class, () -> ContextConfig.builder().mtu(-1));
    TestPeer p = net.peer("p", 9, ZsspSettings.DEFAULTS, b -> b.mtu(128));
    assertEquals(128, probe.config(p.ctx).mtu());
  }
}
