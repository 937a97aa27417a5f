package io.zssp.engine;

/**
 * The engine's resource bounds beyond those of {@link io.zssp.api.ContextConfig}: memory (ZSSP-SPEC
 * §15.3, §15.4), session caps and the handshake worker pool. Immutable; build with {@link
 * #builder()}, whose setters validate each value. The defaults are the specification's; the default
 * runs handshakes inline, on the receiving thread (no thread is started).
 */
public final class EngineLimits {
  /** §15.3 and §15.4 defaults. */
  public static final EngineLimits DEFAULTS = builder().build();

  private final int helloCacheEntries;
  private final int helloCachePerSource;
  private final int helloCacheFragmentSlots;
  private final int sessionReassemblyEntries;
  private final long sessionReassemblyBytes;
  private final long globalReassemblyBytes;
  private final long idleCipherReleaseMillis;
  private final int maxResponderSessions;
  private final int maxResponderSessionsPerPeer;
  private final int handshakeWorkers;
  private final int handshakeQueue;

  private EngineLimits(Builder b) {
    this.helloCacheEntries = b.helloCacheEntries;
    this.helloCachePerSource = b.helloCachePerSource;
    this.helloCacheFragmentSlots = b.helloCacheFragmentSlots;
    this.sessionReassemblyEntries = b.sessionReassemblyEntries;
    this.sessionReassemblyBytes = b.sessionReassemblyBytes;
    this.globalReassemblyBytes = b.globalReassemblyBytes;
    this.idleCipherReleaseMillis = b.idleCipherReleaseMillis;
    this.maxResponderSessions = b.maxResponderSessions;
    this.maxResponderSessionsPerPeer = b.maxResponderSessionsPerPeer;
    this.handshakeWorkers = b.handshakeWorkers;
    this.handshakeQueue = b.handshakeQueue;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Partial X1s held by the hello (kid 0) cache (default 256). */
  public int helloCacheEntries() {
    return helloCacheEntries;
  }

  /** Partial X1s per source address in the hello cache (default 4). */
  public int helloCachePerSource() {
    return helloCachePerSource;
  }

  /** Fragment slots (the sum of the partial packets' fragment counts) of the hello cache (4096). */
  public int helloCacheFragmentSlots() {
    return helloCacheFragmentSlots;
  }

  /** Partial packets per session (default 64). */
  public int sessionReassemblyEntries() {
    return sessionReassemblyEntries;
  }

  /** Buffered fragment bytes per session (default 1 MiB). */
  public long sessionReassemblyBytes() {
    return sessionReassemblyBytes;
  }

  /** Buffered fragment bytes of all sessions together (default 64 MiB). */
  public long globalReassemblyBytes() {
    return globalReassemblyBytes;
  }

  /**
   * How long a session's AES contexts (GCM and header protection, ≈ 1.5 KB each with their key
   * schedules) stay after their last use (default 10 s). An idle session keeps only its key bytes;
   * its next packet re-creates the contexts it needs, a few microseconds each.
   */
  public long idleCipherReleaseMillis() {
    return idleCipherReleaseMillis;
  }

  /**
   * Sessions this context accepts as responder at once (default: no cap). An authenticated X3
   * beyond it is refused (the initiator sees a rejection, {@code DropReason.SESSION_LIMIT} is
   * counted) and its ratchet is not written.
   */
  public int maxResponderSessions() {
    return maxResponderSessions;
  }

  /** Responder sessions with one peer static key at once (default: no cap); as above. */
  public int maxResponderSessionsPerPeer() {
    return maxResponderSessionsPerPeer;
  }

  /**
   * Threads that run responders' public-key work (X1 → X2, X3 → session), owned by the context
   * (default 0: inline, on the thread that called {@code receive}). With workers, the receiving
   * thread only classifies, de-duplicates and enqueues, so established sessions keep flowing while
   * hellos flood in; the application's {@code acceptSession} and {@code onEvent} for those
   * handshakes, the ratchet store and the sender then run on a worker thread. The threads are
   * daemons, start on demand, end after 30 s idle, and stop taking work when the context closes.
   */
  public int handshakeWorkers() {
    return handshakeWorkers;
  }

  /**
   * Handshake tasks waiting for a worker (default 256). A task that finds the queue full is dropped
   * at once ({@code DropReason.HANDSHAKE_QUEUE_FULL}); a queue at least half full also counts as
   * load for {@code ChallengePolicy.UNDER_LOAD}. Unused without workers.
   */
  public int handshakeQueue() {
    return handshakeQueue;
  }

  /** Mutable builder starting from the defaults; not thread-safe. */
  public static final class Builder {
    private int helloCacheEntries = 256;
    private int helloCachePerSource = 4;
    private int helloCacheFragmentSlots = 4096;
    private int sessionReassemblyEntries = 64;
    private long sessionReassemblyBytes = 1L << 20;
    private long globalReassemblyBytes = 64L << 20;
    private long idleCipherReleaseMillis = 10_000;
    private int maxResponderSessions = Integer.MAX_VALUE;
    private int maxResponderSessionsPerPeer = Integer.MAX_VALUE;
    private int handshakeWorkers = 0;
    private int handshakeQueue = 256;

    private Builder() {}

    public Builder helloCacheEntries(int n) {
      helloCacheEntries = positive("helloCacheEntries", n);
      return this;
    }

    public Builder helloCachePerSource(int n) {
      helloCachePerSource = positive("helloCachePerSource", n);
      return this;
    }

    /** At least 16 (one X1 at MTU 128). */
    public Builder helloCacheFragmentSlots(int n) {
      if (n < 16) {
        throw new IllegalArgumentException("helloCacheFragmentSlots must be at least 16, got " + n);
      }
      helloCacheFragmentSlots = n;
      return this;
    }

    public Builder sessionReassemblyEntries(int n) {
      sessionReassemblyEntries = positive("sessionReassemblyEntries", n);
      return this;
    }

    public Builder sessionReassemblyBytes(long n) {
      sessionReassemblyBytes = positive("sessionReassemblyBytes", n);
      return this;
    }

    public Builder globalReassemblyBytes(long n) {
      globalReassemblyBytes = positive("globalReassemblyBytes", n);
      return this;
    }

    public Builder idleCipherReleaseMillis(long millis) {
      idleCipherReleaseMillis = positive("idleCipherReleaseMillis", millis);
      return this;
    }

    public Builder maxResponderSessions(int n) {
      maxResponderSessions = positive("maxResponderSessions", n);
      return this;
    }

    public Builder maxResponderSessionsPerPeer(int n) {
      maxResponderSessionsPerPeer = positive("maxResponderSessionsPerPeer", n);
      return this;
    }

    /** 0 (inline) or more; see {@link EngineLimits#handshakeWorkers()}. */
    public Builder handshakeWorkers(int n) {
      if (n < 0 || n > 1024) {
        throw new IllegalArgumentException("handshakeWorkers must be 0..1024, got " + n);
      }
      handshakeWorkers = n;
      return this;
    }

    public Builder handshakeQueue(int n) {
      handshakeQueue = positive("handshakeQueue", n);
      return this;
    }

    public EngineLimits build() {
      return new EngineLimits(this);
    }

    private static int positive(String name, int v) {
      if (v < 1) {
        throw new IllegalArgumentException(name + " must be positive, got " + v);
      }
      return v;
    }

    private static long positive(String name, long v) {
      if (v < 1) {
        throw new IllegalArgumentException(name + " must be positive, got " + v);
      }
      return v;
    }
  }
}
