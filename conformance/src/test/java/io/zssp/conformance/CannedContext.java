package io.zssp.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.zssp.api.ContextConfig;
import io.zssp.api.ContextStats;
import io.zssp.api.DropReason;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetPair;
import io.zssp.api.Role;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspEvent;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.P384PublicKey;
import io.zssp.testkit.VectorFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A FAKE {@link ZsspContext}, for the harness self-test only (it implements no protocol): it plays
 * one side of a transcript back as the canonical side did. It draws the recorded values through the
 * injected crypto in their recorded order, makes the recorded application callbacks, writes the
 * recorded ratchet states, emits the recorded datagrams and reports the recorded events. Like our
 * implementation, it takes no counter on DataTooLarge (spec §13 B22). The harness must find no
 * failure in it; {@link Tamper} plants controlled mistakes that the harness must report.
 */
final class CannedContext implements ZsspContext {
  /** Deliberate mistakes for negative self-tests; the defaults make none. */
  static final class Tamper {
    int corruptDatagram = -1;
    int corruptByte;
    boolean canonicalCounterAfterDataTooLarge;
    int skipValueSeq = -1;
    int extraKeyIdAtStep = -1;
    int dropEventsAtStep = -1;
  }

  private final Transcript t;
  private final String side;
  private final ContextConfig config;
  private final Tamper tamper;
  private final List<JsonNode> steps;
  private final PeerAddress other;
  private final List<CannedSession> live = new ArrayList<>();
  private int cursor;
  private CannedSession current;

  CannedContext(Transcript t, String side, ContextConfig config, Tamper tamper) {
    this.t = t;
    this.side = side;
    this.config = config;
    this.tamper = tamper;
    this.steps = t.stepsOf(side);
    this.other =
        PeerAddress.ofBytes(
            VectorFiles.hex(t.side(Transcript.other(side)), "transport_address_hex"));
    for (JsonNode v : t.side(side).get("injected_values")) {
      if (v.get("step").isNull()) {
        consume(v);
      }
    }
  }

  ZsspApplication app() {
    return config.application();
  }

  Transcript transcript() {
    return t;
  }

  String side() {
    return side;
  }

  PeerAddress other() {
    return other;
  }

  CryptoProvider crypto() {
    return config.crypto();
  }

  /** The next step of this side, which must be {@code op}. */
  JsonNode next(String... ops) {
    if (cursor >= steps.size()) {
      throw new IllegalStateException("canned " + side + ": no step left");
    }
    JsonNode s = steps.get(cursor);
    if (!List.of(ops).contains(s.get("op").asText())) {
      throw new IllegalStateException(
          "canned "
              + side
              + ": step "
              + s.get("step")
              + " is "
              + s.get("op")
              + ", called "
              + List.of(ops));
    }
    cursor++;
    return s;
  }

  /** Whether the pending step is {@code op}. */
  boolean pending(String op) {
    return cursor < steps.size() && steps.get(cursor).get("op").asText().equals(op);
  }

  @Override
  public Session open(P384PublicKey remoteStaticKey, PeerAddress to, OpenOptions options) {
    JsonNode s = next("open");
    current = new CannedSession(this, Role.INITIATOR, options.attachment(), options.mtu());
    live.add(current);
    play(s, current);
    return current;
  }

  @Override
  public void receive(PeerAddress from, byte[] datagram, int off, int len) {
    JsonNode s = next("receive", "receive_injected");
    if (s.get("op").asText().equals("receive_injected")) {
      app().onEvent(new ZsspEvent.Dropped(DropReason.AUTHENTICATION_FAILED, from, null));
    }
    play(s, current);
  }

  @Override
  public long service() {
    play(next("service"), current);
    return config.clock().nowMillis() + 1000;
  }

  @Override
  public List<Session> sessions() {
    return new ArrayList<>(live);
  }

  @Override
  public Map<DropReason, Long> dropCounts() {
    return Map.of();
  }

  /** The fake keeps no counters: all zero. */
  @Override
  public ContextStats stats() {
    return new ContextStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), 0, 0, 0, Map.of());
  }

  @Override
  public void close() {}

  void closed(CannedSession s) {
    live.remove(s);
  }

  /** Plays step {@code s} on {@code session} (null before the first session exists). */
  void play(JsonNode s, CannedSession session) {
    int n = s.get("step").asInt();
    for (int seq : Transcript.ints(s, "consumed_values")) {
      if (seq != tamper.skipValueSeq) {
        consume(t.side(side).get("injected_values").get(seq));
      }
    }
    if (tamper.extraKeyIdAtStep == n) {
      crypto().random().nextBytes(new byte[4]);
    }
    for (JsonNode c : s.get("callbacks")) {
      callback(c);
    }
    List<Integer> idx = Transcript.ints(s, "emitted_datagrams");
    List<byte[]> out = new ArrayList<>();
    int shift = session == null ? 0 : session.tooLarge();
    if (s.get("op").asText().equals("send")
        && shift > 0
        && !idx.isEmpty()
        && !tamper.canonicalCounterAfterDataTooLarge) {
      out.addAll(
          DataDatagrams.rederive(
              t, idx, VectorFiles.hex(s, "payload_hex"), t.side(side).get("mtu").asInt(), shift));
    } else {
      idx.forEach(j -> out.add(t.datagramBytes(j)));
    }
    for (int i = 0; i < out.size(); i++) {
      byte[] d = out.get(i);
      if (idx.get(i) == tamper.corruptDatagram) {
        d[tamper.corruptByte] ^= 1;
      }
      config.sender().send(other, d, 0, d.length);
    }
    if (tamper.dropEventsAtStep == n) {
      return;
    }
    for (JsonNode e : t.applicationEvents(side, n)) {
      event(e, session);
    }
  }

  private void event(JsonNode e, CannedSession session) {
    switch (e.get("event").asText()) {
      case "session_established":
        if (e.get("role").asText().equals("responder")) {
          current =
              new CannedSession(
                  this, Role.RESPONDER, t.config().get("bob_session_data").asLong(), config.mtu());
          live.add(current);
          current.established();
          app().onEvent(new ZsspEvent.SessionEstablished(current, e.get("downgraded").asBoolean()));
        } else {
          session.established();
          app().onEvent(new ZsspEvent.SessionEstablished(session, false));
        }
        break;
      case "data_received":
        byte[] p = VectorFiles.hex(e, "payload_hex");
        app().onData(session, p, 0, p.length);
        break;
      case "rekey_completed":
        app().onEvent(new ZsspEvent.Rekeyed(session, 0));
        break;
      case "session_rejected_by_peer":
        session.terminate();
        app().onEvent(new ZsspEvent.SessionRejected(session));
        break;
      case "session_closed_by_application":
        app()
            .onEvent(
                new ZsspEvent.SessionClosed(session, ZsspEvent.CloseReason.CLOSED_BY_APPLICATION));
        break;
      default:
        break; // send_failed: CannedSession.send throws DataTooLargeException
    }
  }

  private void callback(JsonNode c) {
    try {
      switch (c.get("callback").asText()) {
        case "hello_requires_recognized_ratchet":
          app().helloRequiresRecognizedRatchet(other);
          break;
        case "check_accept_session":
          app()
              .acceptSession(
                  crypto().p384().decodePublicKey(VectorFiles.hex(c, "remote_static")),
                  VectorFiles.hex(c, "identity_hex"),
                  other);
          break;
        case "save_ratchet_state":
          JsonNode after = c.get("stored_after");
          if (after != null && !after.isNull() && c.get("returned").asBoolean()) {
            byte[] peer = VectorFiles.hex(c, "remote_static");
            JsonNode s2 = after.get("state2");
            config
                .ratchetStore()
                .compareAndSwap(
                    peer,
                    config.ratchetStore().load(peer),
                    RatchetPair.of(
                        TranscriptRunner.state(after.get("state1")),
                        s2 == null || s2.isNull() ? null : TranscriptRunner.state(s2)));
          }
          break;
        default:
          break; // restore_by_*, initiator_disallows_downgrade: nothing to replay
      }
    } catch (Exception e) {
      throw new IllegalStateException("canned callback " + c.get("callback"), e);
    }
  }

  private void consume(JsonNode v) {
    try {
      switch (v.get("kind").asText()) {
        case "key_id":
          crypto().random().nextBytes(new byte[4]);
          break;
        case "u64":
          crypto().random().nextLong();
          break;
        case "bytes":
          crypto().random().nextBytes(new byte[32]);
          break;
        case "p384_ephemeral_keypair":
          crypto().p384().generateKeyPair();
          break;
        case "kyber1024_keypair":
          crypto().kyber1024().generateKeyPair();
          break;
        case "kyber1024_encapsulation":
          crypto()
              .kyber1024()
              .encapsulate(
                  t.kyberPublicKey(
                      Transcript.other(side), v.get("public_key_sha512_first16").asText()));
          break;
        default:
          throw new IllegalStateException("unknown kind " + v.get("kind"));
      }
    } catch (java.security.InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /** For {@link CannedSession}: the state a fresh session starts in. */
  static SessionState initialState(Role role) {
    return role == Role.INITIATOR ? SessionState.A1 : SessionState.S1;
  }
}
