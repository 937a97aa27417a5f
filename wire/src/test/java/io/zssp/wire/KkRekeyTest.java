package io.zssp.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.ForwardingCryptoProvider;
import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The two ways {@link KkRekey} computes its key agreements give the same bytes: with the same
 * ephemerals, the literal path (the reference: eight ECDH) and the reusing path (the engine: "se"
 * taken from "es", "ss" passed in) produce identical inner K1 and K2 and identical new keys, and
 * the reusing path makes four ECDH calls fewer. A wrong cached ss is not silently accepted.
 */
class KkRekeyTest {
  /** A default provider whose random source replays one seed, counting ECDH calls. */
  private static final class Run {
    final List<String> agreements = new ArrayList<>();
    final CryptoProvider crypto;

    Run(long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      CryptoProvider real =
          DefaultCryptoProvider.withRandom(
              (out, off, len) -> {
                for (int i = 0; i < len; i++) {
                  out[off + i] = (byte) r.nextInt();
                }
              });
      P384 counting =
          new P384() {
            @Override
            public P384KeyPair generateKeyPair() {
              return real.p384().generateKeyPair();
            }

            @Override
            public P384PublicKey decodePublicKey(byte[] encoded) throws InvalidKeyException {
              return real.p384().decodePublicKey(encoded);
            }

            @Override
            public P384KeyPair importPrivateKey(byte[] scalar) throws InvalidKeyException {
              return real.p384().importPrivateKey(scalar);
            }

            @Override
            public void agree(P384KeyPair priv, P384PublicKey pub, byte[] out, int off) {
              agreements.add("dh");
              real.p384().agree(priv, pub, out, off);
            }
          };
      crypto =
          new ForwardingCryptoProvider(real) {
            @Override
            public P384 p384() {
              return counting;
            }
          };
    }
  }

  private static byte[][] rekey(long seed, boolean reuse, boolean corruptSs) {
    Run run = new Run(seed);
    CryptoProvider c = run.crypto;
    P384KeyPair alice = c.p384().generateKeyPair();
    P384KeyPair bob = c.p384().generateKeyPair();
    byte[] rk = new byte[32];
    Arrays.fill(rk, (byte) 7);
    byte[] ssAlice = reuse ? KkRekey.staticShared(c, alice, bob.publicKey()) : null;
    byte[] ssBob = reuse ? KkRekey.staticShared(c, bob, alice.publicKey()) : null;
    if (corruptSs) {
      ssBob[0] ^= 1;
    }
    run.agreements.clear(); // the cached ss is paid once per pair of peers, not per rekey
    KkRekey.Offer offer = KkRekey.writeK1(c, alice, bob.publicKey(), rk, 0x11111111, ssAlice);
    KkRekey.Answer answer =
        KkRekey.readK1WriteK2(
            c, bob, alice.publicKey(), rk, offer.inner.clone(), () -> 0x22222222, ssBob);
    if (answer == null) {
      return null;
    }
    int kidR = KkRekey.readK2(c, offer, bob.publicKey(), answer.inner.clone());
    assertEquals(0x22222222, kidR);
    assertEquals(0x11111111, answer.newKidI);
    byte[][] aliceAsk = offer.state.getAsk(SymmetricState.LABEL_RATCHET);
    byte[][] bobAsk = answer.state.getAsk(SymmetricState.LABEL_RATCHET);
    assertArrayEquals(aliceAsk[0], bobAsk[0], "both sides derive the same ratchet key");
    return new byte[][] {
      offer.inner, answer.inner, aliceAsk[0], new byte[] {(byte) run.agreements.size()}
    };
  }

  @Test
  void reusingAgreements_givesTheLiteralBytes_withFourEcdhFewer() {
    for (long seed = 1; seed <= 3; seed++) {
      byte[][] literal = rekey(seed, false, false);
      byte[][] reused = rekey(seed, true, false);
      assertNotNull(literal);
      assertNotNull(reused);
      assertArrayEquals(literal[0], reused[0], "inner K1");
      assertArrayEquals(literal[1], reused[1], "inner K2");
      assertArrayEquals(literal[2], reused[2], "ratchet key");
      assertEquals(8, literal[3][0], "literal: es, ss / es, ss, ee, se / ee, se");
      assertEquals(4, reused[3][0], "reused: es / es, ee / ee");
    }
    assertNotEquals(
        Arrays.toString(rekey(1, true, false)[2]), Arrays.toString(rekey(2, true, false)[2]));
  }

  @Test
  void aWrongCachedSs_failsTheInnerK1() {
    assertNull(rekey(5, true, true), "K1 does not authenticate under a different ss");
  }
}
