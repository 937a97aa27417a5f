package io.zssp.engine;

import io.zssp.api.PeerAddress;
import io.zssp.api.Role;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspEvent.CloseReason;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The engine's JDK Flight Recorder events, so that {@code jfr print --events io.zssp.Handshake
 * file.jfr} shows a timeline of a running context: {@code io.zssp.Handshake}, {@code
 * io.zssp.Rekey}, {@code io.zssp.Challenge} and {@code io.zssp.SessionClose} (fields in {@code
 * docs/OBSERVABILITY.md}). None is on the data path. They carry no secret: no key, no ratchet, no
 * fingerprint, only roles, outcomes, counts, times and the peer's address as text.
 *
 * <p><b>Cost when off.</b> Every helper first asks a shared probe instance whether its event type
 * is enabled (a static check, {@link Event#isEnabled()}); when JFR is not recording it, nothing is
 * allocated and no field is built. Events that span several calls (a handshake, a rekey) are begun
 * only if enabled at their start and kept by the session or half-open entry until they end; the
 * event's duration is real (wall-clock) time, its {@code handshakeTime} the context clock's.
 *
 * <p>Threads: an event object belongs to whoever holds the session's lock (or has claimed the
 * half-open entry); it may be begun on one thread and committed on another.
 */
final class EngineJfrEvents {
  private EngineJfrEvents() {}

  /** A handshake (XK), from its first message to its end. */
  @Name("io.zssp.Handshake")
  @Label("ZSSP Handshake")
  @Category("ZSSP")
  @Description(
      "One Noise XK handshake, from the first X1 (sent by open(), or received) to the session's"
          + " establishment or the handshake's failure")
  @StackTrace(false)
  static final class Handshake extends Event {
    @Label("Role")
    @Description("INITIATOR (Alice) or RESPONDER (Bob)")
    String role;

    @Label("Peer Address")
    String peerAddress;

    @Label("Outcome")
    @Description("completed or failed")
    String outcome;

    @Label("Downgraded")
    @Description("Established on the zero ratchet although a ratchet was on record")
    boolean downgraded;

    @Label("Handshake Time")
    @Description("On the context's clock (Session.handshakeMillis() when completed)")
    @Timespan(Timespan.MILLISECONDS)
    long handshakeTime;

    @Label("Detail")
    @Description("Why it failed (a close or drop reason), or null")
    String detail;
  }

  /** A KK rekey, from K1 (sent or received) to Rekeyed, or to the session's close. */
  @Name("io.zssp.Rekey")
  @Label("ZSSP Rekey")
  @Category("ZSSP")
  @Description("One Noise KK rekey, from K1 sent or received to its completion or failure")
  @StackTrace(false)
  static final class Rekey extends Event {
    @Label("Rekey Role")
    @Description("initiator (sent K1) or responder (answered with K2)")
    String role;

    @Label("Peer Address")
    String peerAddress;

    @Label("Outcome")
    @Description("completed or failed")
    String outcome;

    @Label("Chain Length")
    @Description("The ratchet chain's length after the rekey")
    long chainLength;
  }

  /** A challenge (ZCP) issued by the responder or answered by the initiator. */
  @Name("io.zssp.Challenge")
  @Label("ZSSP Challenge")
  @Category("ZSSP")
  @Description(
      "A proof-of-work challenge issued for an X1, or solved (the duration is the solving)")
  @StackTrace(false)
  static final class Challenge extends Event {
    @Label("Action")
    @Description("issued or answered")
    String action;

    @Label("Peer Address")
    String peerAddress;

    @Label("Hashes Computed")
    @Description("SHA-512 computations to solve it (answered only)")
    long hashesComputed;
  }

  /** A session's end. */
  @Name("io.zssp.SessionClose")
  @Label("ZSSP Session Close")
  @Category("ZSSP")
  @Description("A session closed (it is gone and its keys are wiped)")
  @StackTrace(false)
  static final class SessionClose extends Event {
    @Label("Reason")
    String reason;

    @Label("Role")
    String role;

    @Label("State")
    @Description("The state it was in when it closed")
    String state;

    @Label("Peer Address")
    String peerAddress;
  }

  // Probes: isEnabled() reads only the event type's static state.
  private static final Handshake HANDSHAKE = new Handshake();
  private static final Rekey REKEY = new Rekey();
  private static final Challenge CHALLENGE = new Challenge();
  private static final SessionClose SESSION_CLOSE = new SessionClose();

  /** A begun handshake event if JFR records them now, else null. */
  static Handshake beginHandshake() {
    if (!HANDSHAKE.isEnabled()) {
      return null;
    }
    Handshake e = new Handshake();
    e.begin();
    return e;
  }

  /** Marks a pending handshake event (or null) as downgraded (Alice's DowngradeWarning). */
  static void downgraded(Object pending) {
    if (pending instanceof Handshake) {
      ((Handshake) pending).downgraded = true;
    }
  }

  /** Ends and commits {@code e} (null: nothing recorded). {@code detail} may be null. */
  static void endHandshake(
      Handshake e,
      Role role,
      PeerAddress peer,
      boolean completed,
      boolean downgraded,
      long handshakeMillis,
      Object detail) {
    if (e == null) {
      return;
    }
    e.end();
    if (e.shouldCommit()) {
      e.role = role.name();
      e.peerAddress = String.valueOf(peer);
      e.outcome = completed ? "completed" : "failed";
      e.downgraded |= downgraded;
      e.handshakeTime = handshakeMillis;
      e.detail = detail == null ? null : detail.toString();
      e.commit();
    }
  }

  /** A begun rekey event if JFR records them now, else null. */
  static Rekey beginRekey(boolean kkInitiator) {
    if (!REKEY.isEnabled()) {
      return null;
    }
    Rekey e = new Rekey();
    e.role = kkInitiator ? "initiator" : "responder";
    e.begin();
    return e;
  }

  /** Ends and commits {@code e} (null: nothing recorded). */
  static void endRekey(Rekey e, PeerAddress peer, boolean completed, long chainLength) {
    if (e == null) {
      return;
    }
    e.end();
    if (e.shouldCommit()) {
      e.peerAddress = String.valueOf(peer);
      e.outcome = completed ? "completed" : "failed";
      e.chainLength = chainLength;
      e.commit();
    }
  }

  /** Bob answered an X1 from {@code from} with a challenge. */
  static void challengeIssued(PeerAddress from) {
    if (!CHALLENGE.isEnabled()) {
      return;
    }
    Challenge e = new Challenge();
    if (e.shouldCommit()) {
      e.action = "issued";
      e.peerAddress = String.valueOf(from);
      e.commit();
    }
  }

  /** A begun challenge event (for a proof of work about to be solved), or null. */
  static Challenge beginSolve() {
    if (!CHALLENGE.isEnabled()) {
      return null;
    }
    Challenge e = new Challenge();
    e.begin();
    return e;
  }

  /** Alice solved the challenge of {@code peer} with {@code hashes} hashes. */
  static void endSolve(Challenge e, PeerAddress peer, long hashes) {
    if (e == null) {
      return;
    }
    e.end();
    if (e.shouldCommit()) {
      e.action = "answered";
      e.peerAddress = String.valueOf(peer);
      e.hashesComputed = hashes;
      e.commit();
    }
  }

  /** A session in {@code state} closed for {@code reason}. */
  static void sessionClosed(Role role, SessionState state, PeerAddress peer, CloseReason reason) {
    if (!SESSION_CLOSE.isEnabled()) {
      return;
    }
    SessionClose e = new SessionClose();
    if (e.shouldCommit()) {
      e.reason = reason.name();
      e.role = role.name();
      e.state = String.valueOf(state);
      e.peerAddress = String.valueOf(peer);
      e.commit();
    }
  }
}
