package io.zssp.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.zssp.api.AcceptDecision;
import io.zssp.api.PeerAddress;
import io.zssp.api.Role;
import io.zssp.api.Session;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspEvent;
import io.zssp.crypto.P384PublicKey;
import io.zssp.testkit.Hex;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The application of one side of a transcript: it makes the decisions in the transcript's {@code
 * config} (π1 = {@code bob_hello_requires_recognized_ratchet}; Accept = {@code bob_accepts_alice}
 * with π3 = {@code bob_responder_disallows_downgrade} and π4 = {@code
 * bob_responder_silently_rejects}; π2 goes into the OpenOptions, see the runner) and records, in
 * order, what the context reported: data and events as descriptors comparable with the transcript's
 * {@code application_events} ({@link #describe(JsonNode)}), drops, and the decision callbacks.
 * Thread-safe.
 */
public final class TranscriptApplication implements ZsspApplication {
  private final boolean bob;
  private final JsonNode config;
  private final List<String> events = new ArrayList<>();
  private final List<String> drops = new ArrayList<>();
  private final List<String> callbacks = new ArrayList<>();
  private Session lastEstablished;

  /** The application of {@code side} ("alice" or "bob"), deciding per {@code config}. */
  public TranscriptApplication(String side, JsonNode config) {
    this.bob = side.equals("bob");
    this.config = config;
  }

  @Override
  public synchronized boolean helloRequiresRecognizedRatchet(PeerAddress from) {
    callbacks.add("hello_requires_recognized_ratchet");
    return bob && config.get("bob_hello_requires_recognized_ratchet").asBoolean();
  }

  @Override
  public synchronized AcceptDecision acceptSession(
      P384PublicKey remoteStaticKey, byte[] identity, PeerAddress from) {
    callbacks.add(acceptCallback(Hex.encode(remoteStaticKey.encoded()), Hex.encode(identity)));
    boolean silent = config.get("bob_responder_silently_rejects").asBoolean();
    if (!bob || !config.get("bob_accepts_alice").asBoolean()) {
      return AcceptDecision.reject(silent);
    }
    return AcceptDecision.accept(
        config.get("bob_responder_disallows_downgrade").asBoolean(),
        silent,
        config.get("bob_session_data").asLong());
  }

  @Override
  public synchronized void onData(Session session, byte[] payload, int off, int len) {
    events.add(dataDescriptor(payload, off, len));
  }

  @Override
  public synchronized void onEvent(ZsspEvent event) {
    if (event instanceof ZsspEvent.SessionEstablished) {
      ZsspEvent.SessionEstablished e = (ZsspEvent.SessionEstablished) event;
      lastEstablished = e.session();
      events.add(
          e.session().role() == Role.INITIATOR
              ? "session_established(initiator)"
              : "session_established(responder, downgraded=" + e.downgraded() + ")");
    } else if (event instanceof ZsspEvent.DowngradeWarning) {
      events.add("downgraded_ratchet_key");
    } else if (event instanceof ZsspEvent.Rekeyed) {
      events.add("rekey_completed");
    } else if (event instanceof ZsspEvent.SessionRejected) {
      events.add("session_rejected_by_peer");
    } else if (event instanceof ZsspEvent.SessionClosed) {
      ZsspEvent.CloseReason reason = ((ZsspEvent.SessionClosed) event).reason();
      if (reason == ZsspEvent.CloseReason.CLOSED_BY_APPLICATION) {
        events.add("session_closed_by_application");
      } else if (reason != ZsspEvent.CloseReason.REJECTED_BY_PEER
          && reason != ZsspEvent.CloseReason.CONTEXT_CLOSED) {
        // REJECTED_BY_PEER repeats SessionRejected; CONTEXT_CLOSED happens after the last step.
        events.add("session_closed(" + reason + ")");
      }
    } else if (event instanceof ZsspEvent.Dropped) {
      drops.add(((ZsspEvent.Dropped) event).reason().toString());
    }
    // ChallengeIssued and ChallengeAnswered are diagnostics with no canonical counterpart.
  }

  /** Records a result the harness itself observed (a send that failed with DataTooLarge). */
  public synchronized void recordSendFailed(int length) {
    events.add("send_failed(DataTooLarge, length=" + length + ")");
  }

  /** The data/event descriptors since the last call. */
  public synchronized List<String> drainEvents() {
    List<String> out = new ArrayList<>(events);
    events.clear();
    return out;
  }

  /** The drop reasons reported since the last call. */
  public synchronized List<String> drainDrops() {
    List<String> out = new ArrayList<>(drops);
    drops.clear();
    return out;
  }

  /** The decision callbacks since the last call. */
  public synchronized List<String> drainCallbacks() {
    List<String> out = new ArrayList<>(callbacks);
    callbacks.clear();
    return out;
  }

  /** The session of the latest SessionEstablished event, or null. */
  public synchronized Session lastEstablished() {
    return lastEstablished;
  }

  /** The descriptor of a canonical {@code application_events} entry. */
  public static String describe(JsonNode e) {
    String kind = e.get("event").asText();
    switch (kind) {
      case "session_established":
        return e.get("role").asText().equals("initiator")
            ? "session_established(initiator)"
            : "session_established(responder, downgraded=" + e.get("downgraded").asBoolean() + ")";
      case "data_received":
        byte[] p = Hex.decode(e.get("payload_hex").asText());
        return dataDescriptor(p, 0, p.length);
      case "send_failed":
        return "send_failed("
            + e.get("error").asText()
            + ", length="
            + e.get("length").asInt()
            + ")";
      default:
        return kind; // rekey_completed, session_rejected_by_peer, session_closed_by_application
    }
  }

  /** The descriptor of one canonical decision callback, or null for store/other callbacks. */
  public static String describeCallback(JsonNode c) {
    switch (c.get("callback").asText()) {
      case "hello_requires_recognized_ratchet":
        return "hello_requires_recognized_ratchet";
      case "check_accept_session":
        return acceptCallback(c.get("remote_static").asText(), c.get("identity_hex").asText());
      default:
        return null; // ratchet-store callbacks: checked through the final store instead
    }
  }

  private static String acceptCallback(String remoteHex, String identityHex) {
    return "check_accept_session(remote_static="
        + remoteHex
        + ", identity_hex="
        + identityHex
        + ")";
  }

  static String dataDescriptor(byte[] payload, int off, int len) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(payload, off, len);
      return "data_received(length=" + len + ", sha256=" + Hex.encode(md.digest(), 0, 8) + ")";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
