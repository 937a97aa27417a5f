package io.zssp.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.zssp.api.ContextStats;
import io.zssp.api.DropReason;
import io.zssp.api.Role;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The Micrometer meters of one ZSSP context: sessions by state, handshakes, handshake latency,
 * rekeys, challenges, drops by reason, datagrams and bytes in and out, and the occupancy of the
 * half-open table, the reassembly budget and the handshake queue. Every meter but the latency timer
 * reads {@link ZsspContext#stats()}; the timer is fed by the context's events. The meter names,
 * their tags and units are the constants below ({@code docs/METRICS.md} has the list with the
 * Prometheus names).
 *
 * <h2>Use</h2>
 *
 * <pre>{@code
 * ZsspMetrics metrics = ZsspMetrics.builder(registry).tag("listener", "public").build();
 * ZsspContext ctx = EngineZssp.newContext(ContextConfig.builder()
 *     // crypto, static key, ratchet store, sender as usual
 *     .application(metrics.observe(app))  // events reach the metrics, then app
 *     .build());
 * metrics.bind(ctx);                      // the meters over ctx.stats()
 * // ...
 * metrics.close();                        // removes every meter it registered
 * }</pre>
 *
 * <p>Two steps because the latency timer needs the context's events, and the application that
 * receives them is part of the context's configuration, so it exists before the context does. Where
 * the application is not yours to wrap (the Netty transport installs its own and fires the events
 * into the pipeline as user events), call {@link #onEvent} yourself: {@code if (evt instanceof
 * ZsspEvent e) metrics.onEvent(e);} in a handler's {@code userEventTriggered}.
 *
 * <h2>Ownership and threading</h2>
 *
 * <p>It belongs to whoever built it; the registry holds its meters, and through them the bound
 * context, until {@link #close()}. {@link #onEvent} may be called from any thread at any time
 * (events before {@link #bind} are counted too). {@link #bind} and {@link #close()} may be called
 * from any thread, once each. Meter ids are the name and the tags: two contexts in one registry
 * need a tag that tells them apart (with the same tags the second binder's meters would be the
 * first's).
 */
public final class ZsspMetrics implements AutoCloseable {
  /** Gauge, tag {@code state} (every {@link SessionState}): sessions in that state. */
  public static final String SESSIONS = "zssp.sessions";

  /**
   * Function counter: handshakes begun, both roles ({@link ContextStats} says when each role's
   * handshake starts, completes and fails; started = completed + failed + in progress).
   */
  public static final String HANDSHAKES_STARTED = "zssp.handshakes.started";

  /** Function counter: handshakes that ended in an established session. */
  public static final String HANDSHAKES_COMPLETED = "zssp.handshakes.completed";

  /**
   * Function counter: handshakes that ended without a session (refused, timed out, failed to
   * authenticate, cut short by a close).
   */
  public static final String HANDSHAKES_FAILED = "zssp.handshakes.failed";

  /**
   * Timer with a histogram (buckets from 5 ms to 60 s), tag {@code role} ({@code INITIATOR} or
   * {@code RESPONDER}): from a session's first handshake message to its establishment ({@link
   * Session#handshakeMillis()}), recorded at each {@link ZsspEvent.SessionEstablished}.
   */
  public static final String HANDSHAKE_DURATION = "zssp.handshake.duration";

  /** Function counter: completed rekeys (the ratchet chain advanced). */
  public static final String REKEYS = "zssp.rekeys";

  /** Function counter: challenges this context sent (as responder). */
  public static final String CHALLENGES_ISSUED = "zssp.challenges.issued";

  /** Function counter: challenges this context solved (as initiator). */
  public static final String CHALLENGES_ANSWERED = "zssp.challenges.answered";

  /** Function counter: sessions that closed, for any reason. */
  public static final String SESSIONS_CLOSED = "zssp.sessions.closed";

  /**
   * Function counter, base unit datagrams, tag {@code reason} (every {@link DropReason}): datagrams
   * dropped for that reason ({@code SEND_FAILED}: outgoing ones the sender refused).
   */
  public static final String DROPPED = "zssp.dropped";

  /**
   * Function counter, base unit datagrams, tag {@code direction} ({@code received}, {@code sent}).
   */
  public static final String DATAGRAMS = "zssp.datagrams";

  /** Function counter, base unit bytes, tag {@code direction}: the datagrams' bytes. */
  public static final String TRAFFIC = "zssp.traffic";

  /** Gauge: the responder's live half-open handshakes (B2 entries; ZSSP-SPEC §15 bounds them). */
  public static final String HALF_OPEN = "zssp.half.open";

  /**
   * Gauge, base unit bytes: bytes held for partially received packets (the implementation's own
   * measure, see {@link ContextStats#reassemblyBytes()}).
   */
  public static final String REASSEMBLY = "zssp.reassembly";

  /** Gauge: handshakes waiting for a handshake worker (0 without workers). */
  public static final String HANDSHAKE_QUEUE = "zssp.handshake.queue";

  /**
   * The upper bounds of the {@link #HANDSHAKE_DURATION} histogram's buckets, 5 ms to 60 s: a
   * handshake on a LAN takes a few milliseconds of CPU, one across the world a few round trips, one
   * that lost a datagram at least a resend interval (1 s by default).
   */
  static final Duration[] HANDSHAKE_BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60)
  };

  /** The default longest time one {@link ZsspContext#stats()} snapshot serves the meters. */
  public static final Duration DEFAULT_STATS_MAX_AGE = Duration.ofSeconds(1);

  private final MeterRegistry registry;
  private final Tags tags;
  private final long statsMaxAgeNanos;
  private final Timer initiatorHandshakes;
  private final Timer responderHandshakes;
  private final List<Meter> meters = new ArrayList<>(); // guarded by this
  private ZsspContext context; // guarded by this
  private boolean closed; // guarded by this

  private ZsspMetrics(Builder b) {
    this.registry = b.registry;
    this.tags = b.tags;
    this.statsMaxAgeNanos = b.statsMaxAge.toNanos();
    this.initiatorHandshakes = handshakeTimer(Role.INITIATOR);
    this.responderHandshakes = handshakeTimer(Role.RESPONDER);
    meters.add(initiatorHandshakes);
    meters.add(responderHandshakes);
  }

  /** A builder for the meters of one context in {@code registry}. */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  private Timer handshakeTimer(Role role) {
    return Timer.builder(HANDSHAKE_DURATION)
        .description("Time from a session's first handshake message to its establishment")
        .tags(tags)
        .tag("role", role.name())
        .serviceLevelObjectives(HANDSHAKE_BUCKETS)
        .register(registry);
  }

  /**
   * Registers the meters that read {@code context}'s {@link ZsspContext#stats()}: one snapshot
   * serves every meter for up to the builder's {@link Builder#statsMaxAge} (a scrape reads them
   * all). Once per binder.
   *
   * @return this
   * @throws IllegalStateException if already bound, or closed
   */
  public synchronized ZsspMetrics bind(ZsspContext context) {
    Objects.requireNonNull(context, "context");
    if (closed) {
      throw new IllegalStateException("closed");
    }
    if (this.context != null) {
      throw new IllegalStateException("already bound to " + this.context);
    }
    this.context = context;
    StatsCache stats = new StatsCache(context, registry.config().clock(), statsMaxAgeNanos);
    for (SessionState state : SessionState.values()) {
      gauge(
          SESSIONS,
          "Sessions in this state",
          null,
          Tags.of("state", state.name()),
          stats,
          s -> s.sessionsByState().getOrDefault(state, 0));
    }
    counter(
        HANDSHAKES_STARTED,
        "Handshakes begun",
        null,
        Tags.empty(),
        stats,
        ContextStats::handshakesStarted);
    counter(
        HANDSHAKES_COMPLETED,
        "Handshakes that ended in an established session",
        null,
        Tags.empty(),
        stats,
        ContextStats::handshakesCompleted);
    counter(
        HANDSHAKES_FAILED,
        "Handshakes that ended without a session",
        null,
        Tags.empty(),
        stats,
        ContextStats::handshakesFailed);
    counter(REKEYS, "Completed rekeys", null, Tags.empty(), stats, ContextStats::rekeys);
    counter(
        CHALLENGES_ISSUED,
        "Challenges sent to initiators",
        null,
        Tags.empty(),
        stats,
        ContextStats::challengesIssued);
    counter(
        CHALLENGES_ANSWERED,
        "Challenges solved for responders",
        null,
        Tags.empty(),
        stats,
        ContextStats::challengesAnswered);
    counter(
        SESSIONS_CLOSED,
        "Sessions closed, for any reason",
        null,
        Tags.empty(),
        stats,
        ContextStats::sessionsClosed);
    for (DropReason reason : DropReason.values()) {
      counter(
          DROPPED,
          "Datagrams dropped, by reason",
          "datagrams",
          Tags.of("reason", reason.name()),
          stats,
          s -> s.drops(reason));
    }
    Tags received = Tags.of("direction", "received");
    Tags sent = Tags.of("direction", "sent");
    counter(DATAGRAMS, "Datagrams", "datagrams", received, stats, ContextStats::datagramsReceived);
    counter(DATAGRAMS, "Datagrams", "datagrams", sent, stats, ContextStats::datagramsSent);
    counter(TRAFFIC, "Datagram bytes", "bytes", received, stats, ContextStats::bytesReceived);
    counter(TRAFFIC, "Datagram bytes", "bytes", sent, stats, ContextStats::bytesSent);
    gauge(
        HALF_OPEN,
        "Half-open handshakes held by the responder",
        null,
        Tags.empty(),
        stats,
        ContextStats::halfOpen);
    gauge(
        REASSEMBLY,
        "Bytes held in reassembly buffers",
        "bytes",
        Tags.empty(),
        stats,
        ContextStats::reassemblyBytes);
    gauge(
        HANDSHAKE_QUEUE,
        "Handshakes waiting for a handshake worker",
        null,
        Tags.empty(),
        stats,
        ContextStats::handshakeQueueDepth);
    return this;
  }

  private void counter(
      String name,
      String description,
      String baseUnit,
      Tags extra,
      StatsCache stats,
      ToLongFunction<ContextStats> value) {
    // The meter's object is the context; the function holds the cache (and so the context)
    // strongly: the meter reports until close() removes it.
    meters.add(
        FunctionCounter.builder(name, stats.context(), c -> (double) value.applyAsLong(stats.get()))
            .description(description)
            .baseUnit(baseUnit)
            .tags(tags.and(extra))
            .register(registry));
  }

  private void gauge(
      String name,
      String description,
      String baseUnit,
      Tags extra,
      StatsCache stats,
      ToDoubleFunction<ContextStats> value) {
    meters.add(
        Gauge.builder(name, stats.context(), c -> value.applyAsDouble(stats.get()))
            .description(description)
            .baseUnit(baseUnit)
            .tags(tags.and(extra))
            .strongReference(true)
            .register(registry));
  }

  /**
   * Shows one event of the context to the metrics: a {@link ZsspEvent.SessionEstablished} records
   * the session's handshake time in the {@link #HANDSHAKE_DURATION} timer; other events change
   * nothing (their counts come from {@link ZsspContext#stats()}). Any thread; cheap, never blocks.
   */
  public void onEvent(ZsspEvent event) {
    if (event instanceof ZsspEvent.SessionEstablished) {
      Session s = ((ZsspEvent.SessionEstablished) event).session();
      long millis = s.handshakeMillis();
      if (millis >= 0) {
        Timer t = s.role() == Role.INITIATOR ? initiatorHandshakes : responderHandshakes;
        t.record(millis, TimeUnit.MILLISECONDS);
      }
    }
  }

  /**
   * {@code application} with every event shown to {@link #onEvent} before it reaches {@code
   * application}; every other callback goes straight through. Use it as the context's application.
   */
  public ZsspApplication observe(ZsspApplication application) {
    return new MeteredApplication(Objects.requireNonNull(application, "application"), this);
  }

  /** The tags every meter of this binder carries (besides its own). */
  public Tags tags() {
    return tags;
  }

  /**
   * Removes every meter this binder registered from the registry (the context stays open: it is not
   * this binder's). Idempotent; events after it still reach the removed timers, which no registry
   * reads any more.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Meter m : meters) {
      registry.remove(m);
    }
    meters.clear();
  }

  @Override
  public synchronized String toString() {
    return "ZsspMetrics[" + tags + (context == null ? ", unbound" : ", bound") + "]";
  }

  /** Builder of a {@link ZsspMetrics}; not thread-safe. */
  public static final class Builder {
    private final MeterRegistry registry;
    private Tags tags = Tags.empty();
    private Duration statsMaxAge = DEFAULT_STATS_MAX_AGE;

    private Builder(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Adds tags carried by every meter (tell contexts apart with them). */
    public Builder tags(Iterable<Tag> tags) {
      this.tags = this.tags.and(tags);
      return this;
    }

    /** Adds one tag carried by every meter. */
    public Builder tag(String key, String value) {
      this.tags = this.tags.and(key, value);
      return this;
    }

    /**
     * How long one {@link ZsspContext#stats()} snapshot serves the meters (default 1 s; zero: a
     * snapshot per meter read). A scrape reads every meter within this time, so they agree with
     * each other and the context counts its sessions once per scrape.
     */
    public Builder statsMaxAge(Duration maxAge) {
      if (maxAge.isNegative()) {
        throw new IllegalArgumentException("statsMaxAge must not be negative, got " + maxAge);
      }
      this.statsMaxAge = maxAge;
      return this;
    }

    /** Builds the binder and registers its event-driven meters (the latency timers). */
    public ZsspMetrics build() {
      return new ZsspMetrics(this);
    }
  }
}
