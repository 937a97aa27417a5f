package io.zssp.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.zssp.api.ChallengePolicy;
import io.zssp.api.ContextConfig;
import io.zssp.api.DataTooLargeException;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.Session;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspSettings;
import io.zssp.crypto.P384KeyPair;
import io.zssp.testkit.VectorFiles;
import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs ONE side of one transcript against any {@link ZsspContext}, in the vectors README's
 * "single-endpoint mode": only the steps whose {@code actor} is this side are executed, the other
 * side's datagrams come from the file, and only this side's values are injected (through {@link
 * InsecureScriptedCrypto}). The context is made by the factory from a {@link ContextConfig} built
 * from the transcript (static key, ratchet store preloaded from {@code initial_ratchet_store},
 * settings from {@code settings_ms}, the side's {@code mtu}, challenge policy ALWAYS for a Bob with
 * {@code bob_demands_challenge}, a {@link VirtualClock} and a recording sender). {@link StepChecks}
 * compares each step with the file; nothing stops at the first mismatch.
 */
public final class TranscriptRunner {
  private final Transcript t;
  private final String side;
  private final JsonNode sideNode;
  private final InsecureScriptedCrypto crypto;
  private final VirtualClock clock;
  private final TranscriptApplication app;
  private final RecordingSender sender = new RecordingSender();
  private final InMemoryRatchetStore store = new InMemoryRatchetStore();
  private final PeerAddress otherAddress;
  private final byte[] otherStatic;
  private final StepChecks checks;

  /** DataTooLarge results per session (B22: each one is a counter the canonical side used up). */
  private final Map<Session, Integer> tooLarge = new IdentityHashMap<>();

  private ZsspContext ctx;
  private Session current;
  private Session lastEstablishedSeen;

  private TranscriptRunner(Transcript t, String side) {
    this.t = t;
    this.side = side;
    this.sideNode = t.side(side);
    JsonNode other = t.side(Transcript.other(side));
    this.crypto = InsecureScriptedCrypto.forSide(t, side);
    this.clock = new VirtualClock(t.startTimeMillis());
    this.app = new TranscriptApplication(side, t.config());
    this.otherAddress = PeerAddress.ofBytes(VectorFiles.hex(other, "transport_address_hex"));
    this.otherStatic = VectorFiles.hex(other, "static_public");
    this.checks = new StepChecks(t, side, otherAddress, sideNode.get("mtu").asInt());
  }

  /** Runs {@code side} of {@code transcript} on a context made by {@code factory}. */
  public static TranscriptResult run(
      Transcript transcript, String side, Function<ContextConfig, ZsspContext> factory) {
    return new TranscriptRunner(transcript, side).run(factory);
  }

  private TranscriptResult run(Function<ContextConfig, ZsspContext> factory) {
    String name = t.name() + "/" + side;
    crypto.beginStep(-1);
    ContextConfig config = config();
    try {
      ctx = factory.apply(config);
    } catch (RuntimeException | AssertionError e) {
      checks.fail("FAIL context creation (" + side + "): the factory threw " + e);
    }
    checks.scriptFailures("context creation (" + side + ")", crypto.drainNewFailures());
    int stepsRun = 0;
    if (ctx != null) {
      for (JsonNode step : t.stepsOf(side)) {
        runStep(step);
        stepsRun++;
      }
      checks.finalStore(store, otherStatic);
      try {
        ctx.close();
      } catch (RuntimeException e) {
        checks.fail("FAIL close (" + side + "): close() threw " + e);
      }
      checks.scriptFailures("close (" + side + ")", crypto.drainNewFailures());
    }
    List<String> notes = new ArrayList<>(crypto.notes());
    return new TranscriptResult(
        name, stepsRun, checks.failures(), crypto.leftovers(), checks.deviations(), notes);
  }

  private ContextConfig config() {
    P384KeyPair staticKey;
    try {
      staticKey = crypto.p384().importPrivateKey(VectorFiles.hex(sideNode, "static_private"));
    } catch (InvalidKeyException e) {
      throw new IllegalStateException(t.name() + "/" + side + ": invalid static_private", e);
    }
    if (!Arrays.equals(
        staticKey.publicKey().encoded(), VectorFiles.hex(sideNode, "static_public"))) {
      throw new IllegalStateException(
          t.name() + "/" + side + ": static_private does not give static_public");
    }
    JsonNode initial = sideNode.get("initial_ratchet_store");
    if (initial != null && !initial.isNull()) {
      JsonNode s2 = initial.get("state2");
      store.put(
          otherStatic,
          RatchetPair.of(
              state(initial.get("state1")), s2 == null || s2.isNull() ? null : state(s2)));
    }
    boolean challenge = side.equals("bob") && t.config().get("bob_demands_challenge").asBoolean();
    return ContextConfig.builder()
        .crypto(crypto)
        .staticKey(staticKey)
        .application(app)
        .ratchetStore(store)
        .sender(sender)
        .clock(clock)
        .settings(settings(t.root().get("settings_ms")))
        .challengePolicy(challenge ? ChallengePolicy.ALWAYS : ChallengePolicy.OFF)
        .mtu(sideNode.get("mtu").asInt())
        .build();
  }

  static RatchetState state(JsonNode s) {
    return RatchetState.of(
        VectorFiles.hex(s, "key"), VectorFiles.hex(s, "fingerprint"), s.get("chain_len").asLong());
  }

  static ZsspSettings settings(JsonNode ms) {
    return ZsspSettings.builder()
        .initialOfferTimeoutMillis(ms.get("initial_offer_timeout").asLong())
        .rekeyTimeoutMillis(ms.get("rekey_timeout").asLong())
        .rekeyAfterMillis(ms.get("rekey_after_time").asLong())
        .rekeyMaxJitterMillis(ms.get("rekey_time_max_jitter").asLong())
        .rekeyAfterKeyUses(ms.get("rekey_after_key_uses").asLong())
        .resendMillis(ms.get("resend_time").asLong())
        .fragmentAssemblyTimeoutMillis(ms.get("fragment_assembly_timeout").asLong())
        .build();
  }

  private void runStep(JsonNode step) {
    int n = step.get("step").asInt();
    String op = step.get("op").asText();
    String where = "step " + n + " (" + op + ", " + side + ")";
    clock.set(step.get("time_ms").asLong());
    crypto.beginStep(n);
    List<String> statesBefore = op.equals("receive_injected") ? checks.states(ctx) : null;
    int tooLargeBefore = current == null ? 0 : tooLarge.getOrDefault(current, 0);
    try {
      execute(step, op, where);
    } catch (Exception | AssertionError e) {
      checks.fail("FAIL " + where + ": " + op + " threw " + e);
    }
    checks.datagrams(where, step, sender.drain(), op.equals("send") ? tooLargeBefore : 0);
    checks.scriptFailures(where, crypto.drainNewFailures());
    checks.events(where, step, app.drainEvents(), app.drainDrops(), app.drainCallbacks());
    if (statesBefore != null) {
      checks.unchanged(where, statesBefore, checks.states(ctx));
    }
    Session established = app.lastEstablished();
    if (established != null && established != lastEstablishedSeen) {
      lastEstablishedSeen = established;
      current = established;
    }
  }

  private void execute(JsonNode step, String op, String where) throws Exception {
    switch (op) {
      case "open":
        OpenOptions options =
            OpenOptions.builder()
                .identity(VectorFiles.hex(step, "identity_hex"))
                .mtu(step.get("mtu").asInt())
                .disallowDowngrade(
                    t.config().get("alice_initiator_disallows_downgrade").asBoolean())
                .attachment(step.get("session_data").asLong())
                .build();
        current =
            ctx.open(
                crypto.p384().decodePublicKey(VectorFiles.hex(step, "remote_static")),
                otherAddress,
                options);
        break;
      case "receive":
        byte[] d = t.datagramBytes(step.get("datagram").asInt());
        ctx.receive(otherAddress, d, 0, d.length);
        break;
      case "receive_injected":
        byte[] in = VectorFiles.hex(step, "input_hex");
        ctx.receive(otherAddress, in, 0, in.length);
        break;
      case "send":
        byte[] payload = VectorFiles.hex(step, "payload_hex");
        if (current == null) {
          checks.fail("FAIL " + where + ": no session to send on");
          return;
        }
        try {
          current.send(payload, 0, payload.length);
        } catch (DataTooLargeException e) {
          app.recordSendFailed(payload.length);
          tooLarge.merge(current, 1, Integer::sum);
        }
        break;
      case "service":
        ctx.service();
        break;
      case "close_sessions":
        List<Session> live = ctx.sessions();
        for (Session s : live) {
          s.close();
        }
        int expected = step.get("sessions_dropped").asInt();
        if (live.size() != expected) {
          checks.fail(
              "FAIL " + where + ": closed " + live.size() + " session(s), canonical " + expected);
        }
        break;
      default:
        checks.fail("FAIL " + where + ": unknown op " + op + " in " + t.name());
    }
  }
}
