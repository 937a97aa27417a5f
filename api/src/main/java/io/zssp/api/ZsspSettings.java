package io.zssp.api;

/**
 * Local timer and policy settings (ZSSP-SPEC §3.2). None of these appears on the wire; peers may
 * use different values. Immutable; build with {@link #builder()}, whose setters validate each value
 * and whose {@code build()} checks the combination.
 */
public final class ZsspSettings {
  /** Canonical defaults, except {@code b2LifetimeMillis} (the whitepaper's 10 s). */
  public static final ZsspSettings DEFAULTS = builder().build();

  private final long initialOfferTimeoutMillis;
  private final long b2LifetimeMillis;
  private final long rekeyTimeoutMillis;
  private final long rekeyAfterMillis;
  private final long rekeyMaxJitterMillis;
  private final long rekeyAfterKeyUses;
  private final long resendMillis;
  private final long fragmentAssemblyTimeoutMillis;

  private ZsspSettings(Builder b) {
    this.initialOfferTimeoutMillis = b.initialOfferTimeoutMillis;
    this.b2LifetimeMillis = b.b2LifetimeMillis;
    this.rekeyTimeoutMillis = b.rekeyTimeoutMillis;
    this.rekeyAfterMillis = b.rekeyAfterMillis;
    this.rekeyMaxJitterMillis = b.rekeyMaxJitterMillis;
    this.rekeyAfterKeyUses = b.rekeyAfterKeyUses;
    this.resendMillis = b.resendMillis;
    this.fragmentAssemblyTimeoutMillis = b.fragmentAssemblyTimeoutMillis;
  }

  /** Timeout of states A1 and A3 (default 10 s). */
  public long initialOfferTimeoutMillis() {
    return initialOfferTimeoutMillis;
  }

  /** Lifetime of a half-open responder handshake, state B2 (default 10 s). */
  public long b2LifetimeMillis() {
    return b2LifetimeMillis;
  }

  /** Timeout of states S1, R1 and R2 (default 60 s). */
  public long rekeyTimeoutMillis() {
    return rekeyTimeoutMillis;
  }

  /** Base of the S2 timeout: a rekey starts after this minus a random jitter (default 1 h). */
  public long rekeyAfterMillis() {
    return rekeyAfterMillis;
  }

  /** Upper bound (exclusive) of the random jitter subtracted from {@link #rekeyAfterMillis()}. */
  public long rekeyMaxJitterMillis() {
    return rekeyMaxJitterMillis;
  }

  /** Key uses after which a rekey starts (default 2^30). */
  public long rekeyAfterKeyUses() {
    return rekeyAfterKeyUses;
  }

  /** Resend interval of A1, A3, S1, R1 and R2 (default 1 s). */
  public long resendMillis() {
    return resendMillis;
  }

  /** Lifetime of an incomplete packet in any reassembly buffer (default 5 s). */
  public long fragmentAssemblyTimeoutMillis() {
    return fragmentAssemblyTimeoutMillis;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.initialOfferTimeoutMillis = initialOfferTimeoutMillis;
    b.b2LifetimeMillis = b2LifetimeMillis;
    b.rekeyTimeoutMillis = rekeyTimeoutMillis;
    b.rekeyAfterMillis = rekeyAfterMillis;
    b.rekeyMaxJitterMillis = rekeyMaxJitterMillis;
    b.rekeyAfterKeyUses = rekeyAfterKeyUses;
    b.resendMillis = resendMillis;
    b.fragmentAssemblyTimeoutMillis = fragmentAssemblyTimeoutMillis;
    return b;
  }

  @Override
  public String toString() {
    return "ZsspSettings[initialOfferTimeout="
        + initialOfferTimeoutMillis
        + "ms, b2Lifetime="
        + b2LifetimeMillis
        + "ms, rekeyTimeout="
        + rekeyTimeoutMillis
        + "ms, rekeyAfter="
        + rekeyAfterMillis
        + "ms, rekeyMaxJitter="
        + rekeyMaxJitterMillis
        + "ms, rekeyAfterKeyUses="
        + rekeyAfterKeyUses
        + ", resend="
        + resendMillis
        + "ms, fragmentAssemblyTimeout="
        + fragmentAssemblyTimeoutMillis
        + "ms]";
  }

  /** Mutable builder; not thread-safe. */
  public static final class Builder {
    private long initialOfferTimeoutMillis = 10_000;
    private long b2LifetimeMillis = 10_000;
    private long rekeyTimeoutMillis = 60_000;
    private long rekeyAfterMillis = 3_600_000;
    private long rekeyMaxJitterMillis = 600_000;
    private long rekeyAfterKeyUses = ProtocolConstants.REKEY_AFTER_KEY_USES;
    private long resendMillis = 1_000;
    private long fragmentAssemblyTimeoutMillis = 5_000;

    private Builder() {}

    public Builder initialOfferTimeoutMillis(long v) {
      initialOfferTimeoutMillis = positive("initialOfferTimeoutMillis", v);
      return this;
    }

    public Builder b2LifetimeMillis(long v) {
      b2LifetimeMillis = positive("b2LifetimeMillis", v);
      return this;
    }

    public Builder rekeyTimeoutMillis(long v) {
      rekeyTimeoutMillis = positive("rekeyTimeoutMillis", v);
      return this;
    }

    public Builder rekeyAfterMillis(long v) {
      rekeyAfterMillis = positive("rekeyAfterMillis", v);
      return this;
    }

    /** Must be &gt; 0 (the jitter is a random value modulo this). */
    public Builder rekeyMaxJitterMillis(long v) {
      rekeyMaxJitterMillis = positive("rekeyMaxJitterMillis", v);
      return this;
    }

    /** At most 2^32 − 1, the hard per-key limit. */
    public Builder rekeyAfterKeyUses(long v) {
      positive("rekeyAfterKeyUses", v);
      if (v > ProtocolConstants.EXPIRE_AFTER_KEY_USES) {
        throw new IllegalArgumentException("rekeyAfterKeyUses must be at most 2^32-1, got " + v);
      }
      rekeyAfterKeyUses = v;
      return this;
    }

    public Builder resendMillis(long v) {
      resendMillis = positive("resendMillis", v);
      return this;
    }

    public Builder fragmentAssemblyTimeoutMillis(long v) {
      fragmentAssemblyTimeoutMillis = positive("fragmentAssemblyTimeoutMillis", v);
      return this;
    }

    /**
     * Builds the settings.
     *
     * @throws IllegalArgumentException if the jitter is not below the rekey interval
     */
    public ZsspSettings build() {
      if (rekeyMaxJitterMillis >= rekeyAfterMillis) {
        throw new IllegalArgumentException(
            "rekeyMaxJitterMillis ("
                + rekeyMaxJitterMillis
                + ") must be below rekeyAfterMillis ("
                + rekeyAfterMillis
                + ")");
      }
      return new ZsspSettings(this);
    }

    private static long positive(String name, long v) {
      if (v <= 0) {
        throw new IllegalArgumentException(name + " must be positive, got " + v);
      }
      return v;
    }
  }
}
