package io.zssp.conformance.bugs;

import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.ForwardingCryptoProvider;
import io.zssp.crypto.ForwardingKem;
import io.zssp.crypto.ForwardingP384;
import io.zssp.crypto.Kem;
import io.zssp.crypto.KemEncapsulation;
import io.zssp.crypto.KemKeyPair;
import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import java.security.InvalidKeyException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test fixture: a crypto provider that keeps a reference to every secret the protocol code makes
 * with it (P-384 key pairs, Kyber key pairs, Kyber encapsulations), so that a test can check when
 * each is destroyed, and read public halves such as the Kyber public key. It returns the delegate's
 * own objects, so the implementations under test see no difference. Thread-safe (handshake workers
 * generate keys too). Secrets are never printed.
 */
final class TrackingCrypto extends ForwardingCryptoProvider {
  /** Every P-384 key pair generated, in order (the protocol generates ephemerals only). */
  final List<P384KeyPair> p384Pairs = new CopyOnWriteArrayList<>();

  /** Every Kyber key pair generated (Alice's, one per X1). */
  final List<KemKeyPair> kemPairs = new CopyOnWriteArrayList<>();

  /** Every Kyber encapsulation made (Bob's, one per X2). */
  final List<KemEncapsulation> encapsulations = new CopyOnWriteArrayList<>();

  private final P384 p384 = new TrackingP384(delegate().p384());
  private final Kem kem = new TrackingKem(delegate().kyber1024());

  TrackingCrypto(CryptoProvider delegate) {
    super(delegate);
  }

  @Override
  public P384 p384() {
    return p384;
  }

  @Override
  public Kem kyber1024() {
    return kem;
  }

  private final class TrackingP384 extends ForwardingP384 {
    TrackingP384(P384 p384) {
      super(p384);
    }

    @Override
    public P384KeyPair generateKeyPair() {
      P384KeyPair k = super.generateKeyPair();
      p384Pairs.add(k);
      return k;
    }
  }

  private final class TrackingKem extends ForwardingKem {
    TrackingKem(Kem kem) {
      super(kem);
    }

    @Override
    public KemKeyPair generateKeyPair() {
      KemKeyPair k = delegate().generateKeyPair();
      kemPairs.add(k);
      return k;
    }

    @Override
    public KemEncapsulation encapsulate(byte[] publicKey) throws InvalidKeyException {
      KemEncapsulation e = delegate().encapsulate(publicKey);
      encapsulations.add(e);
      return e;
    }
  }
}
