package io.zssp.reference;

import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetState;
import io.zssp.crypto.Aes256Block;
import io.zssp.crypto.P384KeyPair;
import io.zssp.wire.SymmetricState;

/**
 * A responder's half-open handshake, the whitepaper's state B2 (ZSSP-SPEC §8.2, §11.1): everything
 * Bob keeps between sending X2 and receiving X3. Not a session. Owned by the context's bounded
 * half-open table; {@link #destroy()} wipes its secrets when it is claimed, expires or is evicted.
 * {@link #createdAt} is also when its X1 was received (the responder's handshake start).
 */
final class HalfOpen {
  final SymmetricState symmetric;
  final P384KeyPair ephemeral;
  final int kidA;
  final int kidB;

  /** Header keys; handed over to the session (and nulled here) when X3 is accepted. */
  Aes256Block hkSend;

  Aes256Block hkRecv;

  /** state' = (rk', rf') resolved from X1's fingerprints (§9.5). */
  final RatchetState psk;

  final PeerAddress source;
  final long createdAt;
  final Reassembler reassembler;

  /** The X1's bytes 0..1717 (without the challenge trailer), for de-duplication (§14.2). */
  final byte[] x1Body;

  /** The X2 as sent (before fragmentation), resent unchanged to an identical X1 copy. */
  final byte[] x2Packet;

  final long x2HeaderCounter;

  /**
   * The X1's rf1 (local, never sent again): a row-2 write keeps its PSK state while a newer entry
   * names the new state here (the fork fix, docs/MODEL.md "Forks", rule 2).
   */
  final byte[] rf1;

  /**
   * The context's creation order of its entries (local): an older X3 never rolls Bob back (rule 3).
   */
  final long seq;

  /** Set when X3 made a session of this entry (the handshake completed rather than failed). */
  boolean established;

  /** Set once the context has accounted for this entry's end ({@link #destroy()} done). */
  boolean ended;

  HalfOpen(
      SymmetricState symmetric,
      P384KeyPair ephemeral,
      int kidA,
      int kidB,
      Aes256Block hkSend,
      Aes256Block hkRecv,
      RatchetState psk,
      PeerAddress source,
      long createdAt,
      Reassembler reassembler,
      byte[] x1Body,
      byte[] x2Packet,
      long x2HeaderCounter,
      byte[] rf1,
      long seq) {
    this.symmetric = symmetric;
    this.ephemeral = ephemeral;
    this.kidA = kidA;
    this.kidB = kidB;
    this.hkSend = hkSend;
    this.hkRecv = hkRecv;
    this.psk = psk;
    this.source = source;
    this.createdAt = createdAt;
    this.reassembler = reassembler;
    this.x1Body = x1Body;
    this.x2Packet = x2Packet;
    this.x2HeaderCounter = x2HeaderCounter;
    this.rf1 = rf1;
    this.seq = seq;
  }

  void destroy() {
    symmetric.destroy();
    ephemeral.destroy();
    if (hkSend != null) {
      hkSend.destroy();
      hkRecv.destroy();
    }
  }
}
