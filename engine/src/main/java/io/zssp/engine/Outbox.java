package io.zssp.engine;

import io.zssp.api.DatagramSender;
import io.zssp.api.DropReason;
import io.zssp.api.PeerAddress;
import io.zssp.api.Session;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspEvent;
import io.zssp.wire.FragmentHeader;
import io.zssp.wire.Nonces;
import java.util.Arrays;

/**
 * What one call into the engine owes the application, collected while engine locks are held and
 * handed over only after every lock is released (B13): events, decrypted payloads and outgoing
 * datagrams, delivered strictly in the order they were produced (the order in which the reference
 * implementation makes the same calls). Work that must follow the application's reaction (a restart
 * after a ratchet conflict, which a callback may forbid by closing the session) is {@linkplain
 * #defer deferred} until after the flush.
 *
 * <p>One outbox per thread and nesting depth: a callback that calls back into the engine gets a
 * fresh outbox one level deeper, which is flushed when that inner call returns. Buffers are kept
 * and reused by the thread, so the steady state allocates nothing here. Not thread-safe by design:
 * an outbox belongs to the thread that {@linkplain #enter entered} it.
 */
final class Outbox {
  private static final int EVENT = 0;
  private static final int DATA = 1;
  private static final int DATAGRAM = 2;

  /** Arenas above this size are not kept between calls (one huge payload must not pin memory). */
  private static final int KEEP_ARENA_BYTES = 256 * 1024;

  private static final ThreadLocal<Stack> STACKS = ThreadLocal.withInitial(Stack::new);

  /** The outboxes of one thread, one per nesting depth. */
  private static final class Stack {
    Outbox[] levels = new Outbox[4];
    int depth = -1;
  }

  private final Stack stack;
  private EngineContext context;

  private int[] kinds = new int[16];
  private Object[] refs = new Object[16];
  private int[] offsets = new int[16];
  private int[] lengths = new int[16];
  private int records;
  private Runnable[] deferred = new Runnable[2];
  private int deferredCount;
  private byte[] arena = new byte[2048];
  private int used;

  /** Per-call scratch: a received datagram's copy, a packet being sealed, a GCM nonce. */
  private byte[] receive = new byte[2048];

  private byte[] seal = new byte[2048];
  private byte[] payload = new byte[2048];
  private final byte[] nonce = new byte[12];

  private Outbox(Stack stack) {
    this.stack = stack;
  }

  /** The calling thread's outbox for a new call into {@code context}; pair with {@link #exit}. */
  static Outbox enter(EngineContext context) {
    Stack s = STACKS.get();
    int d = ++s.depth;
    if (d == s.levels.length) {
      s.levels = Arrays.copyOf(s.levels, 2 * d);
    }
    Outbox o = s.levels[d];
    if (o == null) {
      o = new Outbox(s);
      s.levels[d] = o;
    }
    o.context = context;
    return o;
  }

  /** The outbox of the innermost call in progress on this thread. */
  static Outbox current() {
    Stack s = STACKS.get();
    return s.levels[s.depth];
  }

  /** A scratch buffer of at least {@code len} bytes for a received datagram (this call only). */
  byte[] receiveBuffer(int len) {
    if (receive.length < len) {
      receive = new byte[Math.max(len, 2 * receive.length)];
    }
    return receive;
  }

  /** A scratch buffer of at least {@code len} bytes for a payload copied out of a direct buffer. */
  byte[] payloadBuffer(int len) {
    if (payload.length < len) {
      payload = new byte[Math.max(len, 2 * payload.length)];
    }
    return payload;
  }

  /** A scratch buffer of at least {@code len} bytes for a packet being sealed (this call only). */
  byte[] sealBuffer(int len) {
    if (seal.length < len) {
      seal = new byte[Math.max(len, 2 * seal.length)];
    }
    return seal;
  }

  /** The GCM nonce n(type, counter) in a scratch array (valid until the next call). */
  byte[] nonce(int type, long counter) {
    nonce[0] = 0;
    nonce[1] = 0;
    nonce[2] = 0;
    nonce[3] = (byte) type;
    Nonces.writeU64(nonce, 4, counter);
    return nonce;
  }

  /** The GCM nonce 00 00 ‖ the 10-byte packet nonce at {@code header[off…]}, in scratch. */
  byte[] nonceFromHeader(byte[] header, int off) {
    nonce[0] = 0;
    nonce[1] = 0;
    System.arraycopy(header, off + FragmentHeader.PACKET_NONCE_OFFSET, nonce, 2, 10);
    return nonce;
  }

  /**
   * Flushes and leaves this level. Call with no engine lock held. If a callback throws an {@link
   * Error}, the rest is discarded and the error propagates; the thread's outboxes stay usable.
   */
  void exit() {
    try {
      flush();
      while (deferredCount > 0) {
        Runnable[] run = Arrays.copyOf(deferred, deferredCount);
        Arrays.fill(deferred, 0, deferredCount, null);
        deferredCount = 0;
        reset();
        for (Runnable r : run) {
          r.run(); // takes its own locks; queues into this outbox
        }
        flush();
      }
    } finally {
      reset();
      Arrays.fill(deferred, 0, deferredCount, null); // an Error left them: never run them later
      deferredCount = 0;
      context = null;
      stack.depth--;
    }
  }

  /** Runs {@code action} on this thread after this call's deliveries, with no lock held. */
  void defer(Runnable action) {
    if (deferredCount == deferred.length) {
      deferred = Arrays.copyOf(deferred, 2 * deferredCount);
    }
    deferred[deferredCount++] = action;
  }

  /** Queues an event. */
  void event(ZsspEvent event) {
    add(EVENT, event, 0, 0);
  }

  /**
   * Reserves {@code len} bytes of the arena for a payload about to be decrypted into it.
   *
   * @return the arena offset; write through {@link #arena()} before the next call on this outbox
   */
  int reserve(int len) {
    ensureArena(len);
    int off = used;
    used += len;
    return off;
  }

  /** Gives back the most recent reservation (the payload did not authenticate). */
  void unreserve(int off) {
    used = off;
  }

  /** The arena (valid until the next {@link #reserve} or {@link #datagram}). */
  byte[] arena() {
    return arena;
  }

  /** Queues delivery of {@code len} payload bytes already written at arena offset {@code off}. */
  void data(Session session, int off, int len) {
    add(DATA, session, off, len);
  }

  /** Queues the datagram already written at arena offset {@code off} (see {@link #reserve}). */
  void datagram(PeerAddress to, int off, int len) {
    add(DATAGRAM, to, off, len);
  }

  /** Delivers every record in order; the datagrams handed to the sender are counted once. */
  private void flush() {
    ZsspApplication app = context.application;
    DatagramSender sender = context.sender;
    int datagrams = 0;
    long bytes = 0;
    try {
      for (int i = 0; i < records; i++) {
        try {
          switch (kinds[i]) {
            case EVENT:
              app.onEvent((ZsspEvent) refs[i]);
              break;
            case DATA:
              app.onData((Session) refs[i], arena, offsets[i], lengths[i]);
              break;
            default:
              PeerAddress to = (PeerAddress) refs[i];
              datagrams++;
              bytes += lengths[i];
              if (!sender.send(to, arena, offsets[i], lengths[i])) {
                context.drops.count(DropReason.SEND_FAILED);
                app.onEvent(new ZsspEvent.Dropped(DropReason.SEND_FAILED, to, null));
              }
          }
        } catch (RuntimeException e) {
          context.countCallbackFailure();
        }
      }
    } finally {
      if (datagrams > 0) {
        context.counters.sent(datagrams, bytes);
      }
    }
  }

  private void reset() {
    Arrays.fill(refs, 0, records, null);
    records = 0;
    used = 0;
    if (arena.length > KEEP_ARENA_BYTES) {
      arena = new byte[2048];
    }
    if (receive.length > KEEP_ARENA_BYTES) {
      receive = new byte[2048];
    }
    if (seal.length > KEEP_ARENA_BYTES) {
      seal = new byte[2048];
    }
    if (payload.length > KEEP_ARENA_BYTES) {
      payload = new byte[2048];
    }
  }

  private void add(int kind, Object ref, int off, int len) {
    if (records == kinds.length) {
      int n = 2 * records;
      kinds = Arrays.copyOf(kinds, n);
      refs = Arrays.copyOf(refs, n);
      offsets = Arrays.copyOf(offsets, n);
      lengths = Arrays.copyOf(lengths, n);
    }
    kinds[records] = kind;
    refs[records] = ref;
    offsets[records] = off;
    lengths[records] = len;
    records++;
  }

  private void ensureArena(int more) {
    long need = (long) used + more;
    if (need > arena.length) {
      arena =
          Arrays.copyOf(
              arena, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(need, 2L * arena.length)));
    }
  }
}
