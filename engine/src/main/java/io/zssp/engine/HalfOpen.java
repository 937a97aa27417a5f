package io.zssp.engine;

import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetState;
import io.zssp.crypto.Aes256Block;
import io.zssp.crypto.P384KeyPair;
import io.zssp.wire.SymmetricState;
import io.zssp.wire.XkResponder;

/**
 * A responder's half-open handshake, the whitepaper's state B2 (ZSSP-SPEC §8.2, §11.1): what Bob
 * keeps between sending X2 and receiving X3. Not a session. Registered under kid_B in the {@link
 * KidRegistry} and held by the bounded {@link HalfOpenTable}.
 *
 * <p>Threads: the header keys and the X3 reassembly are used under this object's monitor; the claim
 * ({@link HalfOpenTable#claim}) makes exactly one thread the owner of the rest, which it destroys
 * or hands to the new session.
 */
final class HalfOpen {
  /**
   * What the fork fix (docs/MODEL.md "Forks", rule 1) remembers of an X1, locally: its rf1 and a
   * creation sequence. It exists from the moment the X1's fingerprints are decrypted, before its
   * PSK is resolved, until its B2 entry is discarded ({@link HalfOpenTable#register}, {@link
   * HalfOpenTable#forget}): the row-2 keep decision (rule 2) sees an X1 that is still being
   * resolved on another thread, and a B2 whose X3 is being processed (claimed) on another thread.
   */
  static final class Origin {
    /** The X1's rf1 (never sent again). */
    final byte[] rf1;

    /** The table's creation order of X1s (rule 3); taken before the X2 is sent. */
    final long seq;

    /** The PSK state the X1 was resolved to; null while it is being resolved. Table's lock. */
    RatchetState psk;

    /** When its B2 entry expires; {@link Long#MAX_VALUE} until the entry exists. Table's lock. */
    long expiresAt = Long.MAX_VALUE;

    Origin(byte[] rf1, long seq) {
      this.rf1 = rf1;
      this.seq = seq;
    }
  }

  final SymmetricState symmetric;
  final P384KeyPair ephemeral;
  final int kidA;
  final int kidB;

  /** Header keys; handed to the session (and nulled here) when X3 is accepted. */
  Aes256Block hkSend;

  Aes256Block hkRecv;

  /** state' = (rk', rf') resolved from X1's fingerprints (§9.5). */
  final RatchetState psk;

  final PeerAddress source;
  final long createdAt;

  /** The X1's header counter: the de-duplication index (§14.2). */
  final long x1Nonce;

  /**
   * The X1 it was created from; a copy must match its bytes 0..1717 (all but the challenge
   * trailer). Kept whole rather than as a digest: comparing 1,718 bytes costs a tenth of hashing
   * them, and a replay flood compares every copy (the table's bound makes the 1.7 KB per entry a
   * bounded cost).
   */
  final byte[] x1;

  /** The X2 as sent (before fragmentation), resent unchanged to an identical X1 copy. */
  final byte[] x2Packet;

  final long x2HeaderCounter;

  /** X3 reassembly, created for the first fragment of a multi-fragment X3 (at most 4177 bytes). */
  Reassembly x3Fragments;

  /** Set by the table (under its lock) when a thread claims this entry for X3 processing. */
  volatile boolean claimed;

  /** Set once the entry's secrets are destroyed. */
  boolean destroyed;

  /** When its X1 was received (the responder's handshake start, for handshakeMillis). */
  final long x1ReceivedAt;

  /** Its X1's rf1 and creation order (the fork fix). */
  final Origin origin;

  /** Set by the thread that claimed it when X3 made a session of it (the handshake completed). */
  boolean established;

  /** The handshake's JFR event (begun at X1 if Flight Recorder records it), or null. */
  EngineJfrEvents.Handshake jfr;

  /** Why X3 failed (for the JFR event), set by the thread that claimed the entry; or null. */
  Object endReason;

  HalfOpen(
      XkResponder.Response x2,
      int kidA,
      RatchetState psk,
      PeerAddress source,
      long now,
      long x1ReceivedAt,
      long x1Nonce,
      byte[] x1,
      Origin origin) {
    this.symmetric = x2.state;
    this.ephemeral = x2.ephemeral;
    this.kidA = kidA;
    this.kidB = x2.kidB;
    this.hkSend = x2.hkSend;
    this.hkRecv = x2.hkRecv;
    this.psk = psk;
    this.source = source;
    this.createdAt = now;
    this.x1ReceivedAt = x1ReceivedAt;
    this.x1Nonce = x1Nonce;
    this.x1 = x1;
    this.x2Packet = x2.packet;
    this.x2HeaderCounter = x2.headerCounter;
    this.origin = origin;
  }

  /**
   * Wipes the secrets and frees the buffers; idempotent.
   *
   * @return true the first time (the caller accounts for the entry's end), false after
   */
  synchronized boolean destroy() {
    if (destroyed) {
      return false;
    }
    destroyed = true;
    symmetric.destroy();
    ephemeral.destroy();
    if (hkSend != null) {
      hkSend.destroy();
      hkRecv.destroy();
      hkSend = null;
      hkRecv = null;
    }
    if (x3Fragments != null) {
      x3Fragments.clear();
      x3Fragments = null;
    }
    return true;
  }
}
