package io.zssp.engine;

import io.zssp.crypto.Aes256;
import io.zssp.crypto.Aes256Block;
import io.zssp.crypto.Aes256Gcm;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.ForwardingCryptoProvider;
import io.zssp.wire.KeySet;
import java.util.Arrays;

/**
 * AES keys whose cipher contexts exist only while they are in use: what keeps an idle session at
 * its key bytes. Each key made here holds a 32-byte copy of the key and creates the provider's
 * pre-keyed context on first use; {@link Key#release()} drops the context again (the session does
 * that once its keys have gone unused for {@link EngineLimits#idleCipherReleaseMillis()}). A JCE
 * AES-GCM context with its key schedule weighs about 1.5 KB, six of them make up most of an
 * established session, and re-creating one costs a few microseconds.
 *
 * <p>A key is used under its owner's serialization (the session lock or a half-open entry's
 * monitor), like the contexts it wraps; {@link #provider} and the factory are thread-safe.
 */
final class LeanAes implements Aes256 {
  private final Aes256 aes;

  private LeanAes(Aes256 aes) {
    this.aes = aes;
  }

  /** {@code crypto} with its AES factory replaced by a lean one; every other primitive as is. */
  static CryptoProvider provider(CryptoProvider crypto) {
    LeanAes lean = new LeanAes(crypto.aes256());
    return new ForwardingCryptoProvider(crypto) {
      @Override
      public Aes256 aes256() {
        return lean;
      }
    };
  }

  @Override
  public Aes256Gcm newGcm(byte[] key) {
    return new Gcm(aes, key);
  }

  @Override
  public Aes256Block newBlockEncryptor(byte[] key) {
    return new Block(aes, key, true);
  }

  @Override
  public Aes256Block newBlockDecryptor(byte[] key) {
    return new Block(aes, key, false);
  }

  /**
   * Whether any of these keys has had a context created or been used since the last call, clearing
   * the "used" marks; contexts of keys left unused are released. Null keys and foreign contexts
   * (never made here) are skipped.
   *
   * @return whether any key is still holding a context
   */
  static boolean releaseUnused(Aes256Block hkSend, Aes256Block hkRecv, KeySet a, KeySet b) {
    boolean used =
        takeUsed(hkSend) | takeUsed(hkRecv) | takeUsed(a) | takeUsed(b); // no short circuit
    if (used) {
      return true;
    }
    release(hkSend);
    release(hkRecv);
    release(a);
    release(b);
    return false;
  }

  /** Whether any of these keys holds a context now. */
  static boolean anyLive(Aes256Block hkSend, Aes256Block hkRecv, KeySet a, KeySet b) {
    return live(hkSend) || live(hkRecv) || live(a) || live(b);
  }

  private static boolean takeUsed(KeySet s) {
    return s != null
        && (takeUsed(s.kekSend) | takeUsed(s.kekRecv) | takeUsed(s.nkSend) | takeUsed(s.nkRecv));
  }

  private static boolean takeUsed(Object k) {
    if (!(k instanceof Key)) {
      return false;
    }
    Key<?> key = (Key<?>) k;
    boolean used = key.used;
    key.used = false;
    return used;
  }

  private static void release(KeySet s) {
    if (s != null) {
      release(s.kekSend);
      release(s.kekRecv);
      release(s.nkSend);
      release(s.nkRecv);
    }
  }

  private static void release(Object k) {
    if (k instanceof Key) {
      ((Key<?>) k).release();
    }
  }

  private static boolean live(KeySet s) {
    return s != null && (live(s.kekSend) || live(s.kekRecv) || live(s.nkSend) || live(s.nkRecv));
  }

  private static boolean live(Object k) {
    return k instanceof Key && ((Key<?>) k).hasContext();
  }

  /** A key copy plus, while in use, the provider's context {@code C} for it. */
  abstract static class Key<C> {
    final Aes256 aes;
    private byte[] key;
    private C context;
    boolean used;

    Key(Aes256 aes, byte[] key) {
      this.aes = aes;
      if (key == null || key.length != KEY_SIZE_IN_BYTES) {
        throw new IllegalArgumentException("AES-256 key must be 32 bytes");
      }
      this.key = key.clone();
    }

    /** A new provider context for {@code key}. */
    abstract C create(byte[] key);

    /** Destroys a context made by {@link #create}. */
    abstract void destroy(C context);

    /** The context, created on first use after a release; marks the key used. */
    final C context() {
      C c = context;
      if (c == null) {
        if (key == null) {
          throw new IllegalStateException("AES key has been destroyed");
        }
        c = context = create(key);
      }
      used = true;
      return c;
    }

    final boolean hasContext() {
      return context != null;
    }

    /** Drops the context (it is re-created on the next use); the key stays. */
    final void release() {
      if (context != null) {
        destroy(context);
        context = null;
      }
    }

    public final void destroy() {
      release();
      if (key != null) {
        Arrays.fill(key, (byte) 0);
        key = null;
      }
    }

    public final boolean isDestroyed() {
      return key == null;
    }

    @Override
    public String toString() {
      return getClass().getSimpleName() + "[key=<redacted>, context=" + hasContext() + "]";
    }
  }

  static final class Gcm extends Key<Aes256Gcm> implements Aes256Gcm {
    Gcm(Aes256 aes, byte[] key) {
      super(aes, key);
    }

    @Override
    Aes256Gcm create(byte[] key) {
      return aes.newGcm(key);
    }

    @Override
    void destroy(Aes256Gcm context) {
      context.destroy();
    }

    @Override
    public int seal(
        byte[] nonce, byte[] aad, byte[] in, int inOff, int len, byte[] out, int outOff) {
      return context().seal(nonce, aad, in, inOff, len, out, outOff);
    }

    @Override
    public int open(
        byte[] nonce, byte[] aad, byte[] in, int inOff, int len, byte[] out, int outOff) {
      return context().open(nonce, aad, in, inOff, len, out, outOff);
    }
  }

  static final class Block extends Key<Aes256Block> implements Aes256Block {
    private final boolean encrypt;

    Block(Aes256 aes, byte[] key, boolean encrypt) {
      super(aes, key);
      this.encrypt = encrypt;
    }

    @Override
    Aes256Block create(byte[] key) {
      return encrypt ? aes.newBlockEncryptor(key) : aes.newBlockDecryptor(key);
    }

    @Override
    void destroy(Aes256Block context) {
      context.destroy();
    }

    @Override
    public void processBlock(byte[] in, int inOff, byte[] out, int outOff) {
      context().processBlock(in, inOff, out, outOff);
    }
  }
}
