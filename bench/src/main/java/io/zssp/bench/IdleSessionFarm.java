package io.zssp.bench;

import io.zssp.api.AcceptDecision;
import io.zssp.api.ContextConfig;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStore;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspEvent;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One responder ("Bob") holding many established, idle sessions, each with a different initiator:
 * what a server with a large idle population looks like. Initiators are created a batch at a time,
 * complete their handshake through an in-memory network and are then dropped (without closing), so
 * the JVM ends up holding the responder's sessions only. Uses {@link InsecureStandInCrypto} for
 * P-384 and Kyber (every other part of each session is real). One thread.
 */
final class IdleSessionFarm {
  /** A ratchet store that keeps nothing: the sessions' own heap is what is being measured. */
  static final RatchetStore DISCARDING_STORE =
      new RatchetStore() {
        @Override
        public RatchetPair load(byte[] peerStaticKey) {
          return RatchetPair.INITIAL;
        }

        @Override
        public RatchetState findByFingerprint(byte[] fingerprint) {
          return null;
        }

        @Override
        public boolean compareAndSwap(byte[] peer, RatchetPair expected, RatchetPair replacement) {
          return true;
        }
      };

  final InsecureStandInCrypto crypto = new InsecureStandInCrypto(1);
  final PeerAddress bobAddress = PeerAddress.ofBytes(new byte[] {(byte) 0xb0, 0, 0, 0});
  final P384KeyPair bobKey = crypto.p384().generateKeyPair();
  final ZsspContext bob;
  private final Function<ContextConfig, ZsspContext> initiatorImpl;
  private final ArrayDeque<Object[]> queue = new ArrayDeque<>();
  private final Map<PeerAddress, ZsspContext> initiators = new HashMap<>();
  long now = 1_000_000;
  int established;

  IdleSessionFarm(String responderImpl, String initiatorImpl, boolean keepRatchets) {
    this.initiatorImpl = ZsspPair.implementation(initiatorImpl);
    this.bob =
        ZsspPair.implementation(responderImpl)
            .apply(
                config(
                    bobKey,
                    keepRatchets ? new InMemoryRatchetStore() : DISCARDING_STORE,
                    bobAddress));
  }

  private ContextConfig config(P384KeyPair key, RatchetStore store, PeerAddress self) {
    return ContextConfig.builder()
        .crypto(crypto)
        .staticKey(key)
        .application(new Accepting())
        .ratchetStore(store)
        .clock(() -> now)
        .sender(
            (to, d, off, len) -> {
              queue.add(new Object[] {self, to, Arrays.copyOfRange(d, off, off + len)});
              return true;
            })
        .build();
  }

  /** Establishes {@code count} more sessions, {@code batch} handshakes in flight at a time. */
  void grow(int count, int batch) throws RatchetStoreException {
    P384PublicKey bobPublic = bobKey.publicKey();
    for (int done = 0; done < count; ) {
      int n = Math.min(batch, count - done);
      Session[] opened = new Session[n];
      for (int i = 0; i < n; i++) {
        int id = established + i;
        PeerAddress a =
            PeerAddress.ofBytes(new byte[] {10, (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
        ZsspContext alice =
            initiatorImpl.apply(
                config(crypto.p384().generateKeyPair(), new InMemoryRatchetStore(), a));
        initiators.put(a, alice);
        opened[i] = alice.open(bobPublic, bobAddress, OpenOptions.builder().build());
      }
      deliverAll();
      for (Session s : opened) {
        if (s.state() != SessionState.S2) {
          throw new IllegalStateException("handshake did not complete: " + s.state());
        }
      }
      initiators.clear(); // dropped, not closed: Bob's sessions stay established
      established += n;
      done += n;
    }
  }

  /** Lets {@code millis} pass and services the responder (what an idle server's timer does). */
  long idle(long millis) {
    now += millis;
    long next = bob.service();
    deliverAll(); // to initiators already gone: dropped
    return next;
  }

  /**
   * Lets the sessions established so far go idle: two timer passes past the engine's idle release
   * of cipher contexts (the first still sees the handshake's use, the second releases), 22 s of
   * virtual time in all, far from any rekey.
   */
  void settle() {
    idle(11_000);
    idle(11_000);
  }

  private void deliverAll() {
    Object[] d;
    while ((d = queue.pollFirst()) != null) {
      PeerAddress from = (PeerAddress) d[0];
      PeerAddress to = (PeerAddress) d[1];
      byte[] bytes = (byte[]) d[2];
      ZsspContext target = to.equals(bobAddress) ? bob : initiators.get(to);
      if (target != null) {
        target.receive(from, bytes, 0, bytes.length);
      }
    }
  }

  /** Accepts every session and ignores data and events (benchmarks that measure, not check). */
  static class Accepting implements ZsspApplication {
    @Override
    public AcceptDecision acceptSession(P384PublicKey remote, byte[] identity, PeerAddress from) {
      return AcceptDecision.accept();
    }

    @Override
    public void onData(Session session, byte[] payload, int off, int len) {}

    @Override
    public void onEvent(ZsspEvent event) {}
  }
}
