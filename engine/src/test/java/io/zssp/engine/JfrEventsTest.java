package io.zssp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.ChallengePolicy;
import io.zssp.api.OpenOptions;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspEvent;
import io.zssp.api.ZsspSettings;
import io.zssp.crypto.DefaultCryptoProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's JFR events (issue 12): a recording to a file around a challenged handshake, a rekey,
 * a close and a handshake given up, read back with {@link RecordingFile}.
 */
class JfrEventsTest {
  private static final List<String> NAMES =
      List.of("io.zssp.Handshake", "io.zssp.Rekey", "io.zssp.Challenge", "io.zssp.SessionClose");

  private static final ZsspSettings SETTINGS =
      ZsspSettings.builder().rekeyAfterMillis(60_000).rekeyMaxJitterMillis(1_000).build();

  @Test
  void nothingIsBegun_whileNoRecordingRuns() {
    if (FlightRecorder.isInitialized()
        && !FlightRecorder.getFlightRecorder().getRecordings().isEmpty()) {
      return; // the JVM records already (run with -XX:StartFlightRecording): nothing to show
    }
    assertNull(EngineJfrEvents.beginHandshake());
    assertNull(EngineJfrEvents.beginRekey(true));
    assertNull(EngineJfrEvents.beginSolve());
  }

  @Test
  void handshakeRekeyChallengeAndClose_areRecorded(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("zssp.jfr");
    TestNet net = new TestNet();
    Session a;
    Session b;
    TestNet.Peer alice;
    TestNet.Peer bob;
    TestNet.Peer carol;
    try (Recording r = new Recording()) {
      for (String name : NAMES) {
        r.enable(name).withoutThreshold();
      }
      r.start();
      bob =
          net.peer(
              "bob",
              1,
              DefaultCryptoProvider.create(),
              c -> c.settings(SETTINGS).challengePolicy(ChallengePolicy.ALWAYS));
      alice = net.peer("alice", 2, DefaultCryptoProvider.create(), c -> c.settings(SETTINGS));
      a = alice.open(bob);
      net.deliverAll(); // X1 → challenge → solved
      net.now.addAndGet(1_000);
      alice.ctx.service(); // X1 resent with the answer
      net.deliverAll();
      assertEquals(SessionState.S2, a.state(), alice.events.toString());
      b = bob.sessionWith(alice);
      assertEquals(SessionState.S2, b.state());

      net.now.addAndGet(61_000);
      alice.ctx.service(); // Alice's rekey timer; Bob answers
      net.deliverAll();
      assertEquals(1, alice.events.stream().filter(e -> e instanceof ZsspEvent.Rekeyed).count());

      carol = net.peer("carol", 3);
      Session c = carol.ctx.open(bob.key.publicKey(), bob.address, OpenOptions.builder().build());
      net.queue.clear(); // her X1 is lost
      c.close(); // she gives up in A1
      a.close();
      r.stop();
      r.dump(file);
    }

    List<RecordedEvent> events =
        RecordingFile.readAllEvents(file).stream()
            .filter(e -> NAMES.contains(e.getEventType().getName()))
            .collect(Collectors.toList());
    String all = events.toString();
    String aliceAddr = alice.address.toString();
    String bobAddr = bob.address.toString();

    List<RecordedEvent> handshakes = of(events, "io.zssp.Handshake");
    assertEquals(3, handshakes.size(), all);
    RecordedEvent ha = one(handshakes, "role", "INITIATOR", "outcome", "completed");
    assertEquals(bobAddr, ha.getString("peerAddress"));
    assertEquals(a.handshakeMillis(), ha.getDuration("handshakeTime").toMillis());
    assertEquals(1_000, a.handshakeMillis());
    assertFalse(ha.getBoolean("downgraded"));
    assertNull(ha.getString("detail"));
    RecordedEvent hb = one(handshakes, "role", "RESPONDER", "outcome", "completed");
    assertEquals(aliceAddr, hb.getString("peerAddress"));
    assertEquals(b.handshakeMillis(), hb.getDuration("handshakeTime").toMillis());
    RecordedEvent hc = one(handshakes, "role", "INITIATOR", "outcome", "failed");
    assertEquals("CLOSED_BY_APPLICATION", hc.getString("detail"));
    for (RecordedEvent h : handshakes) {
      assertFalse(h.getDuration().isNegative());
    }

    List<RecordedEvent> rekeys = of(events, "io.zssp.Rekey");
    assertEquals(2, rekeys.size(), all);
    RecordedEvent ra = one(rekeys, "role", "initiator", "outcome", "completed");
    RecordedEvent rb = one(rekeys, "role", "responder", "outcome", "completed");
    assertEquals(bobAddr, ra.getString("peerAddress"));
    assertEquals(aliceAddr, rb.getString("peerAddress"));
    assertEquals(ra.getLong("chainLength"), rb.getLong("chainLength"));
    assertTrue(ra.getLong("chainLength") > 0);

    List<RecordedEvent> challenges = of(events, "io.zssp.Challenge");
    assertEquals(2, challenges.size(), all);
    assertEquals(
        aliceAddr, one(challenges, "action", "issued", null, null).getString("peerAddress"));
    RecordedEvent solved = one(challenges, "action", "answered", null, null);
    assertEquals(bobAddr, solved.getString("peerAddress"));
    assertTrue(solved.getLong("hashesComputed") > 0);

    List<RecordedEvent> closes = of(events, "io.zssp.SessionClose");
    assertEquals(2, closes.size(), all);
    assertEquals(
        Set.of("INITIATOR/A1/CLOSED_BY_APPLICATION", "INITIATOR/S2/CLOSED_BY_APPLICATION"),
        closes.stream()
            .map(
                e -> e.getString("role") + "/" + e.getString("state") + "/" + e.getString("reason"))
            .collect(Collectors.toSet()));

    // No secrets: only the declared fields, and no long strings (no key or fingerprint as text);
    // no stack trace either (@StackTrace(false): the field exists, empty).
    Set<String> allowed =
        Set.of(
            "startTime",
            "stackTrace",
            "duration",
            "eventThread",
            "role",
            "peerAddress",
            "outcome",
            "downgraded",
            "handshakeTime",
            "detail",
            "chainLength",
            "action",
            "hashesComputed",
            "reason",
            "state");
    for (RecordedEvent e : events) {
      assertNull(e.getStackTrace(), e.getEventType().getName());
      for (ValueDescriptor f : e.getFields()) {
        assertTrue(allowed.contains(f.getName()), e.getEventType().getName() + "." + f.getName());
        Object v = e.getValue(f.getName());
        if (v instanceof String) {
          assertTrue(((String) v).length() < 40, f.getName() + " = " + v);
        }
      }
    }
  }

  private static List<RecordedEvent> of(List<RecordedEvent> events, String type) {
    return events.stream()
        .filter(e -> e.getEventType().getName().equals(type))
        .collect(Collectors.toList());
  }

  /** The only event with field {@code f1} = {@code v1} (and {@code f2} = {@code v2}, if given). */
  private static RecordedEvent one(
      List<RecordedEvent> events, String f1, String v1, String f2, String v2) {
    List<RecordedEvent> found =
        events.stream()
            .filter(e -> v1.equals(e.getString(f1)) && (f2 == null || v2.equals(e.getString(f2))))
            .collect(Collectors.toList());
    assertEquals(1, found.size(), f1 + "=" + v1 + " " + f2 + "=" + v2 + " in " + events);
    return found.get(0);
  }
}
