package io.zssp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.zssp.api.AcceptDecision;
import io.zssp.api.ContextConfig;
import io.zssp.api.DataTooLargeException;
import io.zssp.api.DropReason;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspClock;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspEvent;
import io.zssp.api.ZsspSettings;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * Many sessions on shared engine contexts, with several threads calling {@code receive}, {@code
 * send}, {@code service}, {@code open} and {@code close} at once over a lossy, duplicating,
 * reordering in-memory network, while sessions rekey every second or so and are closed and reopened
 * at random (from application threads and from inside callbacks).
 *
 * <p>Asserts: no exception anywhere (INTERNAL_ERROR stays 0), no deadlock or stall (every thread
 * stops within a bounded wait, else their stacks are printed), every payload is delivered at most
 * once, to the session it was sent on, uncorrupted; and once the network is quiet every pair of
 * peers holds equal ratchet states. {@code -Dzssp.stress.millis=N} runs it longer.
 */
class ConcurrencyStressTest {
  private static final int CLIENTS = 24;
  private static final long RUN_MILLIS = Long.getLong("zssp.stress.millis", 6_000);
  private static final int HEADER = 25; // id(8) pair(4) direction(1) length(4) crc(8)

  private final CryptoProvider crypto = DefaultCryptoProvider.create();
  private final StressClock clock = new StressClock();
  private final ZsspSettings settings =
      ZsspSettings.builder()
          .resendMillis(200)
          .initialOfferTimeoutMillis(4_000)
          .b2LifetimeMillis(4_000)
          .rekeyTimeoutMillis(10_000)
          .rekeyAfterMillis(1_500)
          .rekeyMaxJitterMillis(500)
          .fragmentAssemblyTimeoutMillis(500)
          .build();

  private final LinkedBlockingQueue<Datagram> wire = new LinkedBlockingQueue<>();
  private volatile double loss = 0.05;
  private volatile double duplication = 0.02;
  private volatile boolean stop;

  private final Map<PeerAddress, Node> nodes = new ConcurrentHashMap<>();
  private final Node server;
  private final Node[] clients = new Node[CLIENTS];
  private final AtomicReferenceArray<Session> clientSessions = new AtomicReferenceArray<>(CLIENTS);
  private final AtomicReferenceArray<Session> serverSessions = new AtomicReferenceArray<>(CLIENTS);

  private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
  private final ConcurrentHashMap<Long, Boolean> delivered = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong rekeys = new AtomicLong();
  private final AtomicLong established = new AtomicLong();
  private final AtomicLong closes = new AtomicLong();
  private final Map<String, Long> closeReasons = new ConcurrentHashMap<>();

  private record Datagram(PeerAddress from, PeerAddress to, byte[] bytes) {}

  /** Real time while the threads run, then frozen and stepped by hand for the final settling. */
  private static final class StressClock implements ZsspClock {
    private final long start = System.nanoTime();
    private volatile boolean manual;
    private volatile long manualNow;

    @Override
    public long nowMillis() {
      return manual ? manualNow : 1_000_000 + (System.nanoTime() - start) / 1_000_000;
    }

    void freeze() {
      manualNow = nowMillis();
      manual = true;
    }

    void advance(long millis) {
      manualNow += millis;
    }
  }

  /** One context with its own key, store, address and application. */
  private final class Node implements ZsspApplication {
    final int index; // -1 for the server
    final PeerAddress address;
    final P384KeyPair key = crypto.p384().generateKeyPair();
    final InMemoryRatchetStore store = new InMemoryRatchetStore();
    final ZsspContext ctx;

    Node(int index, int mtu) {
      this.index = index;
      this.address = PeerAddress.ofBytes(new byte[] {10, 1, (byte) (index >> 8), (byte) index});
      this.ctx =
          EngineZssp.newContext(
              ContextConfig.builder()
                  .crypto(crypto)
                  .staticKey(key)
                  .application(this)
                  .ratchetStore(store)
                  .clock(clock)
                  .settings(settings)
                  .mtu(mtu)
                  .sender(this::transmit)
                  .build());
      nodes.put(address, this);
    }

    private boolean transmit(PeerAddress to, byte[] d, int off, int len) {
      ThreadLocalRandom r = ThreadLocalRandom.current();
      if (r.nextDouble() < loss) {
        return true;
      }
      byte[] copy = Arrays.copyOfRange(d, off, off + len);
      wire.add(new Datagram(address, to, copy));
      if (r.nextDouble() < duplication) {
        wire.add(new Datagram(address, to, copy));
      }
      return true;
    }

    Session open() {
      try {
        return ctx.open(
            server.key.publicKey(),
            server.address,
            OpenOptions.builder().mtu(index % 2 == 0 ? 1400 : 576).attachment(index).build());
      } catch (RatchetStoreException e) {
        violations.add("open: " + e);
        return null;
      }
    }

    @Override
    public AcceptDecision acceptSession(P384PublicKey remote, byte[] identity, PeerAddress from) {
      return clientIndexOf(remote) >= 0 ? AcceptDecision.accept() : AcceptDecision.reject(false);
    }

    @Override
    public void onData(Session session, byte[] payload, int off, int len) {
      check(this, session, payload, off, len);
    }

    @Override
    public void onEvent(ZsspEvent event) {
      if (event instanceof ZsspEvent.SessionEstablished) {
        established.incrementAndGet();
        Session s = ((ZsspEvent.SessionEstablished) event).session();
        if (index < 0) {
          int client = clientIndexOf(s.remoteStaticKey());
          Session old = serverSessions.getAndSet(client, s);
          if (old != null && old != s) {
            old.close(); // §9.8: one live session per peer; closed from inside the callback
          }
        }
      } else if (event instanceof ZsspEvent.Rekeyed) {
        rekeys.incrementAndGet();
      } else if (event instanceof ZsspEvent.SessionClosed) {
        ZsspEvent.SessionClosed c = (ZsspEvent.SessionClosed) event;
        closes.incrementAndGet();
        closeReasons.merge((index < 0 ? "server " : "client ") + c.reason(), 1L, Long::sum);
        if (index >= 0
            && c.reason() != ZsspEvent.CloseReason.CLOSED_BY_APPLICATION
            && c.reason() != ZsspEvent.CloseReason.CONTEXT_CLOSED
            && clientSessions.compareAndSet(index, c.session(), null)) {
          clientSessions.compareAndSet(index, null, open()); // reopened from inside the callback
        }
      } else if (event instanceof ZsspEvent.Dropped
          && ((ZsspEvent.Dropped) event).reason() == DropReason.INTERNAL_ERROR) {
        violations.add("INTERNAL_ERROR at " + index);
      }
    }
  }

  ConcurrencyStressTest() {
    server = new Node(-1, 1400);
    for (int i = 0; i < CLIENTS; i++) {
      clients[i] = new Node(i, i % 2 == 0 ? 1400 : 576);
    }
  }

  private int clientIndexOf(P384PublicKey key) {
    for (int i = 0; i < CLIENTS; i++) {
      if (clients[i].key.publicKey().equals(key)) {
        return i;
      }
    }
    return -1;
  }

  // ---------------------------------------------------------------- payloads

  private byte[] payload(int pair, int direction, int size) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    byte[] p = new byte[size];
    r.nextBytes(p);
    ByteBuffer b = ByteBuffer.wrap(p);
    b.putLong(nextId.incrementAndGet()).putInt(pair).put((byte) direction).putInt(size);
    b.putLong(crc(p, size));
    return p;
  }

  private static long crc(byte[] p, int len) {
    CRC32 c = new CRC32();
    c.update(p, 0, 17);
    c.update(p, HEADER, len - HEADER);
    return c.getValue();
  }

  private void check(Node to, Session session, byte[] d, int off, int len) {
    if (len < HEADER) {
      violations.add("short payload " + len);
      return;
    }
    byte[] p = Arrays.copyOfRange(d, off, off + len);
    ByteBuffer b = ByteBuffer.wrap(p);
    long id = b.getLong();
    int pair = b.getInt();
    int direction = b.get();
    int size = b.getInt();
    long crc = b.getLong();
    if (size != len || crc != crc(p, len)) {
      violations.add("corrupted payload " + id);
      return;
    }
    boolean rightPlace =
        direction == 0
            ? to == server && session.remoteStaticKey().equals(clients[pair].key.publicKey())
            : to.index == pair && session.remoteStaticKey().equals(server.key.publicKey());
    if (!rightPlace) {
      violations.add("payload " + id + " delivered to the wrong session");
    }
    if (delivered.putIfAbsent(id, Boolean.TRUE) != null) {
      violations.add("payload " + id + " delivered twice");
    }
  }

  // ---------------------------------------------------------------- the threads

  private Thread worker(String name, Runnable loop) {
    Thread t =
        new Thread(
            () -> {
              try {
                while (!stop) {
                  loop.run();
                }
              } catch (Throwable e) {
                violations.add(name + " died: " + e);
                e.printStackTrace();
              }
            },
            name);
    t.setDaemon(true);
    return t;
  }

  private void deliverOne(long waitMillis) throws InterruptedException {
    Datagram d = wire.poll(waitMillis, TimeUnit.MILLISECONDS);
    if (d == null) {
      return;
    }
    if (!stop && ThreadLocalRandom.current().nextDouble() < 0.05) {
      wire.add(d); // reordered behind what is queued
      return;
    }
    Node to = nodes.get(d.to());
    to.ctx.receive(d.from(), d.bytes(), 0, d.bytes().length);
  }

  private void sendSomething() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    if (wire.size() > 20_000) {
      Thread.onSpinWait();
      return;
    }
    int i = r.nextInt(CLIENTS);
    int direction = r.nextInt(2);
    Session s = direction == 0 ? clientSessions.get(i) : serverSessions.get(i);
    if (s == null || !s.state().canSend()) {
      Thread.yield();
      return;
    }
    if (r.nextInt(20_000) == 0) {
      if (direction == 0 && clientSessions.compareAndSet(i, s, null)) {
        s.close();
        clientSessions.compareAndSet(i, null, clients[i].open());
      } else {
        s.close(); // the client notices only by its own timeouts
      }
      return;
    }
    int size = HEADER + r.nextInt(r.nextInt(10) == 0 ? 4_000 : 600);
    try {
      s.send(payload(i, direction, size), 0, size);
      sent.incrementAndGet();
    } catch (IllegalStateException raced) {
      // the session left a sending state between the check and the send (closed, for example)
    } catch (DataTooLargeException e) {
      violations.add("DataTooLarge for " + size);
    }
  }

  private void serviceAll() {
    for (Node n : nodes.values()) {
      n.ctx.service();
    }
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void manySessions_manyThreads_lossyNetwork_atMostOnceUncorrupted_ratchetsAgree()
      throws Exception {
    for (int i = 0; i < CLIENTS; i++) {
      clientSessions.set(i, clients[i].open());
    }
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      threads.add(worker("deliver-" + i, () -> uncheckedDeliver(10)));
      threads.add(worker("app-" + i, this::sendSomething));
    }
    for (int i = 0; i < 2; i++) {
      threads.add(worker("service-" + i, this::serviceAll));
    }
    threads.forEach(Thread::start);
    Thread.sleep(RUN_MILLIS);
    stop = true;
    for (Thread t : threads) {
      t.join(20_000);
    }
    List<String> stuck = new ArrayList<>();
    for (Thread t : threads) {
      if (t.isAlive()) {
        stuck.add(t.getName() + " " + Arrays.toString(t.getStackTrace()));
      }
    }
    assertEquals(List.of(), stuck, "threads still running 20 s after stop: deadlock or stall");

    settle();

    long delivered = this.delivered.size();
    System.out.printf(
        "[zssp-stress] %d clients, %d ms: %d payloads sent, %d delivered, %d sessions"
            + " established, %d rekeys, %d closes%n",
        CLIENTS, RUN_MILLIS, sent.get(), delivered, established.get(), rekeys.get(), closes.get());
    System.out.println("[zssp-stress] closed: " + closeReasons);
    assertEquals(List.of(), List.copyOf(violations));
    for (Node n : nodes.values()) {
      assertEquals(0L, n.ctx.dropCounts().getOrDefault(DropReason.INTERNAL_ERROR, 0L));
    }
    assertTrue(delivered <= sent.get());
    assertTrue(delivered > sent.get() / 2, delivered + " of " + sent.get() + " delivered");
    assertTrue(rekeys.get() > CLIENTS, "rekeys: " + rekeys.get());
  }

  private void uncheckedDeliver(long waitMillis) {
    try {
      deliverOne(waitMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Single-threaded from here: the clock stands still between steps, the network stops losing, and
   * every pair is brought back to S2 with nothing in flight; then both stores of every pair must
   * hold the same ratchet state.
   */
  private void settle() throws InterruptedException {
    loss = 0;
    duplication = 0;
    clock.freeze();
    for (int round = 0; round < 4_000; round++) {
      while (!wire.isEmpty()) {
        deliverOne(0);
      }
      boolean quiet = true;
      for (int i = 0; i < CLIENTS; i++) {
        Session c = clientSessions.get(i);
        Session s = serverSessions.get(i);
        if (c == null || c.state() == SessionState.CLOSED) {
          clientSessions.set(i, clients[i].open());
          quiet = false;
        } else if (c.state() != SessionState.S2 || s == null || s.state() != SessionState.S2) {
          quiet = false;
        }
      }
      if (quiet && wire.isEmpty()) {
        checkRatchets();
        return;
      }
      clock.advance(25);
      for (Node n : nodes.values()) {
        n.ctx.service();
      }
    }
    fail("sessions did not all settle in S2: " + states());
  }

  private void checkRatchets() {
    for (int i = 0; i < CLIENTS; i++) {
      RatchetState c = clients[i].store.load(server.key.publicKey().encoded()).state1();
      RatchetState s = server.store.load(clients[i].key.publicKey().encoded()).state1();
      assertEquals(s, c, "client " + i + ": ratchet states differ");
      assertEquals(s.chainLength(), c.chainLength(), "client " + i + ": chain lengths differ");
      assertTrue(c.chainLength() >= 1, "client " + i + ": chain " + c.chainLength());
    }
  }

  private String states() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < CLIENTS; i++) {
      Session c = clientSessions.get(i);
      Session s = serverSessions.get(i);
      sb.append(i)
          .append(':')
          .append(c == null ? "-" : c.state())
          .append('/')
          .append(s == null ? "-" : s.state())
          .append(' ');
    }
    return sb.toString();
  }
}
