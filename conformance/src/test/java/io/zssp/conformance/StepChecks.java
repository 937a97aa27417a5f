package io.zssp.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStore;
import io.zssp.api.Session;
import io.zssp.api.ZsspContext;
import io.zssp.testkit.Hex;
import io.zssp.testkit.VectorFiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The comparisons of {@link TranscriptRunner} for one side: emitted datagrams (byte for byte, in
 * order, to the right address), application events and decision callbacks per step, "dropped with
 * no state change" for injected datagrams, and the final ratchet store. Collects "FAIL …" lines and
 * the intended deviations; never stops at the first mismatch. Not thread-safe (one runner).
 *
 * <p><b>The one intended deviation, spec §13 B22.</b> The canonical crate takes a counter before it
 * checks the payload size, so each DataTooLarge uses up a counter; we check first. In {@code
 * small-mtu} our DATA sent after a DataTooLarge therefore carries counter c − k, where c is the
 * canonical counter and k the number of DataTooLarge results on that session. For exactly those
 * {@code send} steps the expected datagrams are the canonical ones re-derived at counter c − k by
 * {@link DataDatagrams} (same length and key id, other ciphertext); a match is recorded as
 * "DEVIATION (B22)", anything else is a failure. Every other datagram must equal the file.
 */
final class StepChecks {
  private final Transcript t;
  private final String side;
  private final PeerAddress otherAddress;
  private final int mtu;
  private final List<String> failures = new ArrayList<>();
  private final List<String> deviations = new ArrayList<>();

  StepChecks(Transcript t, String side, PeerAddress otherAddress, int mtu) {
    this.t = t;
    this.side = side;
    this.otherAddress = otherAddress;
    this.mtu = mtu;
  }

  void fail(String line) {
    failures.add(line);
  }

  List<String> failures() {
    return new ArrayList<>(failures);
  }

  List<String> deviations() {
    return new ArrayList<>(deviations);
  }

  void scriptFailures(String where, List<String> messages) {
    for (String m : messages) {
      fail("FAIL " + where + ": injected values: " + m);
    }
  }

  /**
   * Compares the datagrams emitted in {@code step} with {@code emitted_datagrams}.
   *
   * @param tooLargeBefore DataTooLarge results on the session before this send (0 if none or not a
   *     send): the B22 counter shift
   */
  void datagrams(String where, JsonNode step, List<RecordingSender.Sent> sent, int tooLargeBefore) {
    List<Integer> idx = Transcript.ints(step, "emitted_datagrams");
    boolean b22 = tooLargeBefore > 0 && !idx.isEmpty();
    List<byte[]> expected = new ArrayList<>();
    if (b22) {
      expected.addAll(
          DataDatagrams.rederive(
              t, idx, VectorFiles.hex(step, "payload_hex"), mtu, tooLargeBefore));
    } else {
      idx.forEach(j -> expected.add(t.datagramBytes(j)));
    }
    int before = failures.size();
    if (sent.size() != idx.size()) {
      fail(
          "FAIL "
              + where
              + ": emitted "
              + sent.size()
              + " datagram(s), canonical "
              + idx.size()
              + " "
              + idx);
    }
    for (int i = 0; i < Math.min(sent.size(), idx.size()); i++) {
      RecordingSender.Sent s = sent.get(i);
      if (!s.to.equals(otherAddress)) {
        fail(
            "FAIL "
                + where
                + ": datagram "
                + idx.get(i)
                + " sent to "
                + s.to
                + ", expected "
                + otherAddress);
      }
      String diff = diff(s.bytes, expected.get(i));
      if (diff != null) {
        fail(
            "FAIL "
                + where
                + ": datagram "
                + idx.get(i)
                + " "
                + diff
                + (b22
                    ? " (compared with the canonical bytes re-derived at counter c-"
                        + tooLargeBefore
                        + ", spec §13 B22; length and kid "
                        + (sameLengthAndKid(s.bytes, expected.get(i)) ? "match" : "differ")
                        + ")"
                    : ""));
      }
    }
    if (b22 && failures.size() == before) {
      long c = t.datagram(idx.get(0)).get("informative").get("counter").asLong();
      deviations.add(
          "DEVIATION (B22) "
              + where
              + ": datagram(s) "
              + idx
              + " carry counter "
              + (c - tooLargeBefore)
              + " instead of the canonical "
              + c
              + " ("
              + tooLargeBefore
              + " DataTooLarge on this session took no counter); same length and kid, and equal to the"
              + " canonical bytes re-derived at that counter");
    }
  }

  /** Null if equal, else "differs at byte k (…)" or "is L bytes, canonical M (…)". */
  static String diff(byte[] actual, byte[] expected) {
    int n = Math.min(actual.length, expected.length);
    int k = 0;
    while (k < n && actual[k] == expected[k]) {
      k++;
    }
    if (k == n && actual.length == expected.length) {
      return null;
    }
    String at =
        k == n
            ? "identical up to byte " + n
            : String.format(
                "first difference at byte %d: got %02x, canonical %02x",
                k, actual[k] & 0xff, expected[k] & 0xff);
    if (actual.length != expected.length) {
      return "is " + actual.length + " bytes, canonical " + expected.length + " (" + at + ")";
    }
    return String.format(
        "differs at byte %d (got %02x, canonical %02x)", k, actual[k] & 0xff, expected[k] & 0xff);
  }

  private static boolean sameLengthAndKid(byte[] a, byte[] b) {
    return a.length == b.length
        && a.length >= 4
        && Arrays.equals(Arrays.copyOf(a, 4), Arrays.copyOf(b, 4));
  }

  /** Data/events, drops and decision callbacks of one step against the transcript. */
  void events(
      String where,
      JsonNode step,
      List<String> actual,
      List<String> drops,
      List<String> callbacks) {
    int n = step.get("step").asInt();
    List<String> expected = new ArrayList<>();
    t.applicationEvents(side, n).forEach(e -> expected.add(TranscriptApplication.describe(e)));
    if (!expected.equals(actual)) {
      fail("FAIL " + where + ": application saw " + actual + ", canonical " + expected);
    }
    JsonNode result = step.get("result");
    boolean accepted = result != null && "ok".equals(result.path("status").asText());
    if (step.get("op").asText().equals("receive") && accepted && !drops.isEmpty()) {
      fail(
          "FAIL "
              + where
              + ": datagram "
              + step.get("datagram").asInt()
              + " dropped "
              + drops
              + "; the canonical side accepted it");
    }
    List<String> expectedCallbacks = new ArrayList<>();
    for (JsonNode c : step.get("callbacks")) {
      String d = TranscriptApplication.describeCallback(c);
      if (d != null) {
        expectedCallbacks.add(d);
      }
    }
    if (!expectedCallbacks.equals(callbacks)) {
      fail(
          "FAIL "
              + where
              + ": application callbacks "
              + callbacks
              + ", canonical "
              + expectedCallbacks);
    }
  }

  /** Best-effort state snapshot: role and state of each live session, in order. */
  List<String> states(ZsspContext ctx) {
    List<String> out = new ArrayList<>();
    try {
      for (Session s : ctx.sessions()) {
        out.add(s.role() + ":" + s.state());
      }
    } catch (RuntimeException e) {
      out.add("sessions() threw " + e);
    }
    return out;
  }

  void unchanged(String where, List<String> before, List<String> after) {
    if (!before.equals(after)) {
      fail(
          "FAIL "
              + where
              + ": an injected datagram changed the sessions from "
              + before
              + " to "
              + after
              + "; it must be dropped with no state change");
    }
  }

  /** The ratchet store after the last step against {@code final_ratchet_store_informative}. */
  void finalStore(RatchetStore store, byte[] peer) {
    JsonNode fin = t.side(side).get("final_ratchet_store_informative");
    JsonNode expected = null;
    for (JsonNode p : fin.get("peers")) {
      if (p.get("remote_static").asText().equals(Hex.encode(peer))) {
        expected = p.get("states");
      }
    }
    String where = "FAIL final ratchet store (" + side + ")";
    RatchetPair actual;
    try {
      actual = store.load(peer);
    } catch (Exception e) {
      fail(where + ": load threw " + e);
      return;
    }
    if (expected == null) {
      if (!actual.state1().isZero() || actual.state2() != null) {
        fail(where + ": canonical stores nothing for the peer, found " + actual);
      }
      return;
    }
    compareState(where + " state1", expected.get("state1"), actual.state1());
    compareState(where + " state2", expected.get("state2"), actual.state2());
    for (JsonNode fp : fin.get("fingerprint_index")) {
      try {
        if (store.findByFingerprint(Hex.decode(fp.asText())) == null) {
          fail(where + ": fingerprint " + fp.asText() + " is not indexed");
        }
      } catch (Exception e) {
        fail(where + ": findByFingerprint threw " + e);
      }
    }
  }

  private void compareState(String where, JsonNode expected, RatchetState actual) {
    if (expected == null || expected.isNull()) {
      if (actual != null) {
        fail(where + ": canonical none, found " + actual);
      }
      return;
    }
    if (actual == null) {
      fail(where + ": canonical " + expected.get("fingerprint").asText() + ", found none");
      return;
    }
    RatchetState want = TranscriptRunner.state(expected);
    if (!Arrays.equals(want.fingerprint(), actual.fingerprint())
        || !Arrays.equals(want.key(), actual.key())
        || want.chainLength() != actual.chainLength()) {
      fail(
          where
              + ": canonical "
              + want
              + " (same key: "
              + Arrays.equals(want.key(), actual.key())
              + "), found "
              + actual);
    }
  }
}
