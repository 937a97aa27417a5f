package io.zssp.api;

/**
 * Options of {@link ZsspContext#open}: the identity blob sent in X3, the transport MTU, π2 and an
 * application attachment. Immutable; build with {@link #builder()}.
 */
public final class OpenOptions {
  private final byte[] identity;
  private final int mtu;
  private final boolean disallowDowngrade;
  private final Object attachment;

  private OpenOptions(Builder b) {
    this.identity = b.identity;
    this.mtu = b.mtu;
    this.disallowDowngrade = b.disallowDowngrade;
    this.attachment = b.attachment;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The identity blob (a fresh copy). */
  public byte[] identity() {
    return identity.clone();
  }

  public int mtu() {
    return mtu;
  }

  /** π2, Initiator Disallows Downgrade. */
  public boolean disallowDowngrade() {
    return disallowDowngrade;
  }

  public Object attachment() {
    return attachment;
  }

  /** Builder; setters validate. */
  public static final class Builder {
    private byte[] identity = new byte[0];
    private int mtu = 1500;
    private boolean disallowDowngrade;
    private Object attachment;

    private Builder() {}

    /** At most 4096 bytes; copied. */
    public Builder identity(byte[] identity) {
      if (identity.length > ProtocolConstants.MAX_IDENTITY_SIZE_IN_BYTES) {
        throw new IllegalArgumentException(
            "identity must be at most 4096 bytes, got " + identity.length);
      }
      this.identity = identity.clone();
      return this;
    }

    /** At least 128. */
    public Builder mtu(int mtu) {
      if (mtu < ProtocolConstants.MIN_TRANSPORT_MTU) {
        throw new IllegalArgumentException("MTU must be at least 128, got " + mtu);
      }
      this.mtu = mtu;
      return this;
    }

    public Builder disallowDowngrade(boolean disallow) {
      this.disallowDowngrade = disallow;
      return this;
    }

    public Builder attachment(Object attachment) {
      this.attachment = attachment;
      return this;
    }

    public OpenOptions build() {
      return new OpenOptions(this);
    }
  }
}
