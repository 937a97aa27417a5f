package io.zssp.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.ChallengePolicy;
import io.zssp.api.DropReason;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspEvent;
import io.zssp.api.ZsspSettings;
import io.zssp.crypto.DefaultCryptoProvider;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the engine promises about its locks (package documentation; canonical bugs B13 and B24): a
 * thread stuck in public-key work, in a proof of work or in an application callback holds nothing
 * that another session, another thread or the callback itself needs. Each test parks one thread
 * there and shows, with bounded waits, that everything else goes on.
 */
class NoLockHeldTest {
  private static final long BOUND_SECONDS = 10;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final TestNet net = new TestNet();

  @AfterEach
  void shutdown() {
    pool.shutdownNow();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void send(Session s, String text) throws Exception {
    byte[] b = bytes(text);
    s.send(b, 0, b.length);
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    assertTrue(latch.await(BOUND_SECONDS, TimeUnit.SECONDS), "timed out");
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.get(BOUND_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void b24_responderInPublicKeyWorkForAnX1_otherSessionsOfTheContextGoOn() throws Exception {
    GatedCrypto bobCrypto = new GatedCrypto();
    TestNet.Peer bob = net.peer("bob", 1, bobCrypto);
    TestNet.Peer alice = net.peer("alice", 2);
    TestNet.Peer carol = net.peer("carol", 3);
    Session a = net.establish(alice, bob);

    bobCrypto.armP384();
    carol.open(bob); // X1 queued
    Future<?> stuck = pool.submit(() -> net.deliverAll()); // Bob: X1 → ECDH → parked
    await(bobCrypto.entered);

    send(a, "while bob does public-key work");
    net.deliverAll(); // on this thread: Alice's data reaches Bob's context
    assertArrayEquals(bytes("while bob does public-key work"), bob.data.get(0));
    send(bob.sessionWith(alice), "and bob answers");
    bob.ctx.service();
    net.deliverAll();
    assertArrayEquals(bytes("and bob answers"), alice.data.get(0));
    assertTrue(!stuck.isDone(), "the X1 is still being processed");

    bobCrypto.release.countDown();
    await(stuck);
    net.deliverAll();
    assertEquals(SessionState.S2, carol.sessionWith(bob).state(), carol.events.toString());
  }

  @Test
  void b24_sessionParkedInRekeyKeyGeneration_otherSessionsAndServiceGoOn() throws Exception {
    GatedCrypto aliceCrypto = new GatedCrypto();
    TestNet.Peer alice =
        net.peer(
            "alice",
            1,
            aliceCrypto,
            b -> b.settings(ZsspSettings.builder().rekeyAfterKeyUses(3).build()));
    TestNet.Peer bob = net.peer("bob", 2);
    TestNet.Peer carol = net.peer("carol", 3);
    Session toBob = net.establish(alice, bob); // C2 used the current keys once
    Session toCarol = net.establish(alice, carol);

    aliceCrypto.armP384();
    Future<?> stuck =
        pool.submit(
            () -> {
              send(toBob, "one");
              send(toBob, "two"); // the third use starts a rekey: K1's key generation parks
              return null;
            });
    await(aliceCrypto.entered);

    // toCarol's lock is free: its traffic flows both ways, on this thread, and service runs.
    send(toCarol, "during alice's rekey");
    net.deliverAll();
    send(carol.sessionWith(alice), "carol answers");
    net.deliverAll();
    alice.ctx.service();
    alice.ctx.sessions();
    assertTrue(text(alice).contains("carol answers"), alice.events.toString());
    assertTrue(!stuck.isDone());

    aliceCrypto.release.countDown();
    await(stuck);
    for (int i = 0; i < 5; i++) {
      net.deliverAll();
      net.advance(1_000);
    }
    net.deliverAll();
    assertEquals(SessionState.S2, toBob.state());
    assertTrue(alice.events.stream().anyMatch(e -> e instanceof ZsspEvent.Rekeyed));
  }

  private static java.util.List<String> text(TestNet.Peer p) {
    return p.data.stream().map(d -> new String(d, StandardCharsets.UTF_8)).toList();
  }

  @Test
  void b24_initiatorSolvingAProofOfWork_holdsNoLock() throws Exception {
    GatedCrypto aliceCrypto = new GatedCrypto();
    TestNet.Peer alice = net.peer("alice", 1, aliceCrypto);
    TestNet.Peer carol = net.peer("carol", 3);
    TestNet.Peer challenger =
        net.peer(
            "challenger",
            4,
            DefaultCryptoProvider.create(),
            b -> b.challengePolicy(ChallengePolicy.ALWAYS));
    Session toCarol = net.establish(alice, carol);
    Session toChallenger = alice.open(challenger);
    aliceCrypto.armSha512();
    Future<?> stuck = pool.submit(() -> net.deliverAll()); // X1 → challenge → Alice's PoW parks
    await(aliceCrypto.entered);

    send(toCarol, "while alice hashes");
    net.deliverAll();
    assertTrue(text(carol).contains("while alice hashes"));
    alice.ctx.service(); // the solving session's own lock is free too
    assertEquals(SessionState.A1, toChallenger.state());

    aliceCrypto.release.countDown();
    await(stuck);
    for (int i = 0; i < 3 && toChallenger.state() != SessionState.S2; i++) {
      net.advance(1_000); // the next regular resend carries the answer
      net.deliverAll();
    }
    assertEquals(SessionState.S2, toChallenger.state(), alice.events.toString());
    assertTrue(alice.events.stream().anyMatch(e -> e instanceof ZsspEvent.ChallengeAnswered));
  }

  @Test
  void b13_callbackBlocks_otherSessionsAndTheSameSessionGoOn() throws Exception {
    TestNet.Peer bob = net.peer("bob", 1);
    TestNet.Peer alice = net.peer("alice", 2);
    TestNet.Peer carol = net.peer("carol", 3);
    Session a = net.establish(alice, bob);
    Session c = net.establish(carol, bob);
    CountDownLatch inCallback = new CountDownLatch(1);
    CountDownLatch unblock = new CountDownLatch(1);
    bob.onDataHook =
        (s, d) -> {
          if (new String(d, StandardCharsets.UTF_8).equals("block")) {
            inCallback.countDown();
            try {
              unblock.await(BOUND_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    send(a, "block");
    Future<?> blocked = pool.submit(() -> net.deliverOne());
    await(inCallback);

    send(c, "carol meanwhile");
    net.deliverAll();
    Session bobToAlice = bob.sessionWith(alice);
    send(bobToAlice, "same session, other thread"); // the blocked callback's own session
    send(a, "alice again");
    net.deliverAll();
    bob.ctx.service();
    assertTrue(text(bob).contains("alice again"));
    assertTrue(text(alice).contains("same session, other thread"));
    unblock.countDown();
    await(blocked);
    assertEquals(0L, bob.ctx.dropCounts().getOrDefault(DropReason.INTERNAL_ERROR, 0L));
  }

  @Test
  void b13_callbackCallsBackIn_sendServiceCloseOpen() throws Exception {
    TestNet.Peer bob = net.peer("bob", 1);
    TestNet.Peer alice = net.peer("alice", 2);
    TestNet.Peer dave = net.peer("dave", 3);
    Session a = net.establish(alice, bob);
    Session bobToAlice = bob.sessionWith(alice);
    bob.onDataHook =
        (s, d) -> {
          String text = new String(d, StandardCharsets.UTF_8);
          try {
            if (text.equals("echo")) {
              s.send(d, 0, d.length);
              bob.ctx.service();
              bob.ctx.sessions();
            } else if (text.equals("close")) {
              s.close();
              bob.open(dave);
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    send(a, "echo");
    net.deliverAll();
    assertArrayEquals(bytes("echo"), alice.data.get(0));
    send(a, "close");
    net.deliverAll();
    assertEquals(SessionState.CLOSED, bobToAlice.state());
    assertEquals(SessionState.S2, bob.sessionWith(dave).state(), bob.events.toString());
    assertEquals(0L, bob.ctx.dropCounts().getOrDefault(DropReason.INTERNAL_ERROR, 0L));
  }

  @Test
  void b13_callbackWaitsForAnotherThreadCallingIntoTheSameSession() throws Exception {
    TestNet.Peer bob = net.peer("bob", 1);
    TestNet.Peer alice = net.peer("alice", 2);
    Session a = net.establish(alice, bob);
    send(a, "first");
    send(a, "second");
    bob.onDataHook =
        (s, d) -> {
          if (!new String(d, StandardCharsets.UTF_8).equals("first")) {
            return;
          }
          Future<?> other =
              pool.submit(
                  () -> {
                    byte[] reply = bytes("reply from another thread");
                    s.send(reply, 0, reply.length); // same session
                    net.deliverOne(); // "second": the same session's receive path
                    bob.ctx.service();
                    return null;
                  });
          try {
            other.get(BOUND_SECONDS, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException("the other thread could not get in", e);
          }
        };
    net.deliverOne(); // "first" on this thread; its callback waits for the other thread
    net.deliverAll();
    assertEquals(2, bob.data.size(), bob.events.toString());
    assertArrayEquals(bytes("second"), bob.data.get(1));
    assertArrayEquals(bytes("reply from another thread"), alice.data.get(0));
    assertEquals(0L, bob.ctx.dropCounts().getOrDefault(DropReason.INTERNAL_ERROR, 0L));
  }
}
