package io.zssp.engine;

import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.ForwardingCryptoProvider;
import io.zssp.crypto.ForwardingP384;
import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import io.zssp.crypto.Sha512;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The default provider, except that one armed P-384 operation (key generation or ECDH) or one
 * SHA-512 digest can be made to stop until the test opens the gate: a way to hold a thread in the
 * middle of public-key work or a proof of work and show what other threads can do meanwhile.
 */
final class GatedCrypto extends ForwardingCryptoProvider {
  private final Object lock = new Object();
  private boolean p384Armed;
  private boolean sha512Armed;
  final CountDownLatch entered = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);

  /** When set, every P-384 key generation or ECDH throws it instead (a fatal error, say). */
  volatile Error p384Failure;

  GatedCrypto() {
    super(DefaultCryptoProvider.create());
  }

  /** The next P-384 key generation or ECDH (on any thread) stops until {@link #release}. */
  void armP384() {
    synchronized (lock) {
      p384Armed = true;
    }
  }

  /** The next SHA-512 digest created (on any thread) stops until {@link #release}. */
  void armSha512() {
    synchronized (lock) {
      sha512Armed = true;
    }
  }

  private void gate(boolean p384) {
    Error failure = p384Failure;
    if (p384 && failure != null) {
      throw failure;
    }
    synchronized (lock) {
      if (p384 ? !p384Armed : !sha512Armed) {
        return;
      }
      p384Armed = p384 ? false : p384Armed;
      sha512Armed = p384 ? sha512Armed : false;
    }
    entered.countDown();
    try {
      if (!release.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("gate never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public P384 p384() {
    return new ForwardingP384(delegate().p384()) {
      @Override
      public P384KeyPair generateKeyPair() {
        gate(true);
        return super.generateKeyPair();
      }

      @Override
      public void agree(P384KeyPair privateKey, P384PublicKey publicKey, byte[] out, int off) {
        gate(true);
        super.agree(privateKey, publicKey, out, off);
      }
    };
  }

  @Override
  public Sha512 sha512() {
    Sha512 s = delegate().sha512();
    return () -> {
      gate(false);
      return s.newDigest();
    };
  }
}
