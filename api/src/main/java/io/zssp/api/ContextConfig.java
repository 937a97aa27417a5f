package io.zssp.api;

import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.P384KeyPair;
import java.util.Objects;

/**
 * Everything a {@link ZsspContext} is made from: injected crypto, time and transport, the local
 * static key, the application and its ratchet store, timer settings and resource bounds. Immutable;
 * {@link Builder#build()} checks that every required part is set.
 */
public final class ContextConfig {
  private final CryptoProvider crypto;
  private final P384KeyPair staticKey;
  private final ZsspApplication application;
  private final RatchetStore ratchetStore;
  private final DatagramSender sender;
  private final ZsspClock clock;
  private final ZsspSettings settings;
  private final ChallengePolicy challengePolicy;
  private final int maxHalfOpen;
  private final int maxHalfOpenPerSource;
  private final int x1BudgetPerSecond;
  private final int quotaIpv6PrefixBits;
  private final int mtu;

  private ContextConfig(Builder b) {
    this.crypto = b.crypto;
    this.staticKey = b.staticKey;
    this.application = b.application;
    this.ratchetStore = b.ratchetStore;
    this.sender = b.sender;
    this.clock = b.clock;
    this.settings = b.settings;
    this.challengePolicy = b.challengePolicy;
    this.maxHalfOpen = b.maxHalfOpen;
    this.maxHalfOpenPerSource = b.maxHalfOpenPerSource;
    this.x1BudgetPerSecond = b.x1BudgetPerSecond;
    this.quotaIpv6PrefixBits = b.quotaIpv6PrefixBits;
    this.mtu = b.mtu;
  }

  public static Builder builder() {
    return new Builder();
  }

  public CryptoProvider crypto() {
    return crypto;
  }

  /**
   * The local static key pair; owned by the application, which must not destroy it while in use.
   */
  public P384KeyPair staticKey() {
    return staticKey;
  }

  public ZsspApplication application() {
    return application;
  }

  public RatchetStore ratchetStore() {
    return ratchetStore;
  }

  public DatagramSender sender() {
    return sender;
  }

  public ZsspClock clock() {
    return clock;
  }

  public ZsspSettings settings() {
    return settings;
  }

  public ChallengePolicy challengePolicy() {
    return challengePolicy;
  }

  /** Capacity of the half-open (B2) table (default 1024). */
  public int maxHalfOpen() {
    return maxHalfOpen;
  }

  /**
   * Live half-open entries allowed per source host ({@link PeerAddress#host(int)} with {@link
   * #quotaIpv6PrefixBits()}, default 16).
   */
  public int maxHalfOpenPerSource() {
    return maxHalfOpenPerSource;
  }

  /**
   * X1s per second that may reach public-key work before the responder counts as under load
   * (ZSSP-SPEC §15.2; the {@link ChallengePolicy#UNDER_LOAD} policy then challenges). Default 250:
   * one core answers about 400–580 X1s per second with the default provider (measured,
   * docs/BENCHMARKS.md), so the default keeps about half a core for everything else.
   */
  public int x1BudgetPerSecond() {
    return x1BudgetPerSecond;
  }

  /** How much of an IPv6 source address counts as one host for the quotas (default 64 bits). */
  public int quotaIpv6PrefixBits() {
    return quotaIpv6PrefixBits;
  }

  /**
   * Transport MTU for packets this side sends as responder (X2, challenge, D) and for the sessions
   * it accepts (default 1500). Sessions it opens use {@link OpenOptions#mtu()}.
   */
  public int mtu() {
    return mtu;
  }

  /** Builder; not thread-safe. */
  public static final class Builder {
    private CryptoProvider crypto;
    private P384KeyPair staticKey;
    private ZsspApplication application;
    private RatchetStore ratchetStore;
    private DatagramSender sender;
    private ZsspClock clock = ZsspClock.system();
    private ZsspSettings settings = ZsspSettings.DEFAULTS;
    private ChallengePolicy challengePolicy = ChallengePolicy.OFF;
    private int maxHalfOpen = 1024;
    private int maxHalfOpenPerSource = 16;
    private int x1BudgetPerSecond = 250;
    private int quotaIpv6PrefixBits = 64;
    private int mtu = 1500;

    private Builder() {}

    /** At least 128. */
    public Builder mtu(int mtu) {
      if (mtu < ProtocolConstants.MIN_TRANSPORT_MTU) {
        throw new IllegalArgumentException("MTU must be at least 128, got " + mtu);
      }
      this.mtu = mtu;
      return this;
    }

    public Builder crypto(CryptoProvider crypto) {
      this.crypto = Objects.requireNonNull(crypto, "crypto");
      return this;
    }

    public Builder staticKey(P384KeyPair staticKey) {
      this.staticKey = Objects.requireNonNull(staticKey, "staticKey");
      return this;
    }

    public Builder application(ZsspApplication application) {
      this.application = Objects.requireNonNull(application, "application");
      return this;
    }

    public Builder ratchetStore(RatchetStore ratchetStore) {
      this.ratchetStore = Objects.requireNonNull(ratchetStore, "ratchetStore");
      return this;
    }

    public Builder sender(DatagramSender sender) {
      this.sender = Objects.requireNonNull(sender, "sender");
      return this;
    }

    public Builder clock(ZsspClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder settings(ZsspSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    public Builder challengePolicy(ChallengePolicy policy) {
      this.challengePolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder maxHalfOpen(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxHalfOpen must be positive, got " + max);
      }
      this.maxHalfOpen = max;
      return this;
    }

    public Builder maxHalfOpenPerSource(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxHalfOpenPerSource must be positive, got " + max);
      }
      this.maxHalfOpenPerSource = max;
      return this;
    }

    public Builder x1BudgetPerSecond(int perSecond) {
      if (perSecond < 1) {
        throw new IllegalArgumentException("x1BudgetPerSecond must be positive, got " + perSecond);
      }
      this.x1BudgetPerSecond = perSecond;
      return this;
    }

    public Builder quotaIpv6PrefixBits(int bits) {
      if (bits < 1 || bits > 128) {
        throw new IllegalArgumentException("quotaIpv6PrefixBits must be 1..128, got " + bits);
      }
      this.quotaIpv6PrefixBits = bits;
      return this;
    }

    /**
     * @throws IllegalStateException naming the first missing required part
     */
    public ContextConfig build() {
      require(crypto, "crypto");
      require(staticKey, "staticKey");
      require(application, "application");
      require(ratchetStore, "ratchetStore");
      require(sender, "sender");
      return new ContextConfig(this);
    }

    private static void require(Object o, String name) {
      if (o == null) {
        throw new IllegalStateException("ContextConfig: " + name + " is required");
      }
    }
  }
}
