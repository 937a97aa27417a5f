package io.zssp.conformance.bugs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.DropReason;
import io.zssp.api.OpenOptions;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspSettings;
import io.zssp.conformance.bugs.TestNetwork.Datagram;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.ForwardingCryptoProvider;
import io.zssp.crypto.ForwardingKem;
import io.zssp.crypto.Kem;
import io.zssp.crypto.KemKeyPair;
import io.zssp.wire.Kid;
import io.zssp.wire.PacketType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * ZSSP-SPEC §13: the canonical input-handling bugs we must not copy (B4, B19, B20, B23): hostile or
 * oversized input is dropped quietly and safely. Each test shows the bug absent, against every
 * implementation through its {@link ImplementationProbe}.
 */
abstract class CanonicalBugsInputSuite {
  private final ImplementationProbe probe;
  private final TestNetwork net;

  CanonicalBugsInputSuite(ImplementationProbe probe) {
    this.probe = probe;
    this.net = new TestNetwork(probe);
  }

  /**
   * B4 — remote crash from one small datagram. Datagrams of 0..31 bytes (also behind a live kid, at
   * an offset, or null) are dropped MALFORMED_DATAGRAM; a 32-byte kid-0 type-0 datagram {@code
   * 00000000 00 01 00 00 …} and its relatives are dropped for their size. Nothing throws, nothing
   * is sent, nothing counts as INTERNAL_ERROR, and the session keeps working.
   */
  @Test
  void b04_tinyDatagrams_droppedWithoutException() throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer bob = net.peer("bob", 2);
    Session a = TestPeer.establish(alice, bob);
    byte[] liveKid = Kid.bytes(probe.current(a).sendKid); // Bob's recv kid
    int sent = net.sent.size();
    Random rnd = new Random(4);
    for (int len = 0; len < 32; len++) {
      byte[] d = new byte[len];
      rnd.nextBytes(d);
      bob.ctx.receive(alice.address, d, 0, len);
      System.arraycopy(liveKid, 0, d, 0, Math.min(4, len));
      bob.ctx.receive(alice.address, d, 0, len);
      bob.ctx.receive(alice.address, new byte[len], 0, len);
    }
    bob.ctx.receive(alice.address, new byte[100], 90, 10);
    bob.ctx.receive(alice.address, new byte[100], 90, 32); // range beyond the array
    bob.ctx.receive(alice.address, null, 0, 0);
    assertEquals(3 * 32 + 3, bob.drops(DropReason.MALFORMED_DATAGRAM));

    byte[] x1 = new byte[32];
    x1[5] = 1; // 00000000 00 01 00 00 …: kid 0, fragment 0 of 1, type 0 (X1)
    bob.ctx.receive(alice.address, x1, 0, 32);
    byte[] challenge = x1.clone();
    challenge[7] = (byte) PacketType.CHALLENGE;
    alice.ctx.receive(bob.address, challenge, 0, 32);
    byte[] half = x1.clone();
    half[5] = 2; // fragments 0 and 1 of 2: assembles 32 bytes
    bob.ctx.receive(alice.address, half, 0, 32);
    half[4] = 1;
    bob.ctx.receive(alice.address, half, 0, 32);
    assertEquals(2, bob.drops(DropReason.WRONG_SIZE));
    assertEquals(1, alice.drops(DropReason.WRONG_SIZE));

    assertEquals(sent, net.sent.size(), "nothing answered");
    assertEquals(0, bob.drops(DropReason.INTERNAL_ERROR));
    assertEquals(0, alice.drops(DropReason.INTERNAL_ERROR));
    a.send(new byte[] {4}, 0, 1);
    net.deliverAll();
    assertArrayEquals(new byte[] {4}, bob.data.get(0));
  }

  /**
   * B20 — no Kyber public-key validation. Alice's Kyber key carries one coefficient of 4095 (an
   * honest key generator never makes one; the canonical responder would encapsulate to it): Bob
   * drops her X1 as INVALID_PUBLIC_KEY, answers nothing and keeps no half-open entry; a well-formed
   * key from the same kind of peer is then answered as usual.
   */
  @Test
  void b20_kyberKeyWithACoefficientNotBelowQ_isRefusedAtX1() throws Exception {
    TestPeer bob = net.peer("bob", 2);
    TestPeer mallory =
        net.peer(
            "mallory",
            1,
            ZsspSettings.DEFAULTS,
            b -> b.crypto(new OneBadKyberCoefficient(DefaultCryptoProvider.create())));
    Session m = mallory.open(bob);
    net.deliverAll();
    assertEquals(1, bob.drops(DropReason.INVALID_PUBLIC_KEY), bob.log());
    assertTrue(net.sent.stream().noneMatch(d -> d.from().equals(bob.address)), "Bob answered");
    assertEquals(0, probe.halfOpenCount(bob.ctx));
    assertEquals(0, bob.store.fingerprintsLookedUp.size(), "refused before the ratchet lookup");
    assertEquals(SessionState.A1, m.state());
    assertEquals(0, bob.drops(DropReason.INTERNAL_ERROR));

    TestPeer alice = net.peer("alice", 3);
    TestPeer.establish(alice, bob);
    assertEquals(1, bob.drops(DropReason.INVALID_PUBLIC_KEY));
  }

  /** A provider whose Kyber key pairs have their first coefficient set to 4095 (B20). */
  private static final class OneBadKyberCoefficient extends ForwardingCryptoProvider {
    OneBadKyberCoefficient(CryptoProvider delegate) {
      super(delegate);
    }

    @Override
    public Kem kyber1024() {
      return new ForwardingKem(delegate().kyber1024()) {
        @Override
        public KemKeyPair generateKeyPair() {
          KemKeyPair honest = delegate().generateKeyPair();
          byte[] pk = honest.publicKey();
          pk[0] = (byte) 0xff; // coefficient 0 = 0xfff
          pk[1] |= 0x0f;
          return new KemKeyPair(pk, honest.secretKeyCopy());
        }
      };
    }
  }

  /**
   * B19 — stray console output. A storm of replayed (out-of-window), truncated, corrupted and
   * random datagrams writes nothing to System.out or System.err.
   */
  @Test
  void b19_invalidDatagramStorm_writesNothingToConsole() throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer bob = net.peer("bob", 2);
    Session a = TestPeer.establish(alice, bob);
    a.send(new byte[3_000], 0, 3_000);
    bob.session().send(new byte[10], 0, 10);
    net.deliverAll();
    List<Datagram> traffic = new ArrayList<>(net.sent.stream().filter(d -> !d.isX1()).toList());
    int sent = net.sent.size();
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      Random rnd = new Random(19);
      for (int i = 0; i < 5_000; i++) {
        byte[] d = traffic.get(rnd.nextInt(traffic.size())).bytes().clone();
        switch (i % 4) {
          case 0 -> {} // exact replay: out of the anti-replay window
          case 1 -> d[rnd.nextInt(d.length)] ^= (byte) (1 << rnd.nextInt(8));
          case 2 -> d = Arrays.copyOf(d, rnd.nextInt(d.length));
          default -> rnd.nextBytes(d);
        }
        TestPeer to = rnd.nextBoolean() ? alice : bob;
        to.ctx.receive(rnd.nextBoolean() ? alice.address : bob.address, d, 0, d.length);
        if (i % 500 == 0) {
          net.now += 1_000;
          alice.ctx.service();
          bob.ctx.service();
        }
      }
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    assertEquals("", console.toString(StandardCharsets.UTF_8));
    assertTrue(alice.drops(DropReason.REPLAYED) + bob.drops(DropReason.REPLAYED) > 100);
    assertEquals(0, alice.drops(DropReason.INTERNAL_ERROR) + bob.drops(DropReason.INTERNAL_ERROR));
    assertEquals(sent, net.sent.size());
  }

  /**
   * B23 — X3 size check lenient. An identity of exactly 4096 bytes works; OpenOptions refuses 4097;
   * and an X3 carrying 4097 bytes (built by bypassing OpenOptions) is dropped by Bob before Accept
   * — by the per-type reassembly bound (§6.7: X3 ≤ 4177), single- or multi-fragment.
   */
  @Test
  void b23_x3IdentityLimit_enforcedOnSendAndReceive() throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer bob = net.peer("bob", 2);
    byte[] id = new byte[4096];
    new Random(23).nextBytes(id);
    Session ok = alice.open(bob, OpenOptions.builder().identity(id).build());
    net.deliverAll();
    assertEquals(SessionState.S2, ok.state(), alice.log());
    assertArrayEquals(id, bob.identities.get(0));
    assertThrows(
        IllegalArgumentException.class, () -> OpenOptions.builder().identity(new byte[4097]));

    for (int mtu : new int[] {1500, 8192}) {
      long reassemblyDrops = bob.drops(DropReason.REASSEMBLY);
      Session big = alice.open(bob, OpenOptions.builder().mtu(mtu).build());
      probe.setIdentity(big, new byte[4097]); // what OpenOptions refuses
      net.deliverAll();
      assertEquals(SessionState.A3, big.state());
      assertEquals(1, bob.identities.size(), "Accept never called");
      assertEquals(1, bob.ctx.sessions().size());
      assertTrue(
          bob.drops(DropReason.REASSEMBLY) > reassemblyDrops, "mtu " + mtu + ": " + bob.log());
      assertEquals(0, bob.drops(DropReason.INTERNAL_ERROR));
      big.close();
    }
  }
}
