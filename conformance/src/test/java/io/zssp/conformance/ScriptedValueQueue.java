package io.zssp.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One FIFO of recorded values of one kind for one side (key ids, u64 values, salts, P-384 key
 * pairs, or the Kyber seed/coins stream), served strictly in {@code seq} order. A request that the
 * queue cannot serve (empty, or a different length) is a failure that names the side, the kind and
 * how many values were consumed. Thread-safe.
 */
final class ScriptedValueQueue {
  /** One recorded value (or one part of it, such as a Kyber key pair's {@code seed_d}). */
  static final class Chunk {
    final JsonNode value;
    final String part;
    final byte[] bytes;

    Chunk(JsonNode value, String part, byte[] bytes) {
      this.value = value;
      this.part = part;
      this.bytes = bytes;
    }

    int seq() {
      return value.get("seq").asInt();
    }

    /** The step during which the canonical side consumed it; -1 = at context creation. */
    int step() {
      JsonNode s = value.get("step");
      return s == null || s.isNull() ? -1 : s.asInt();
    }

    String describe() {
      return "seq "
          + seq()
          + " ("
          + value.get("kind").asText()
          + " "
          + value.get("purpose").asText()
          + (part == null ? "" : ", " + part)
          + ")";
    }
  }

  private final String owner;
  private final String kind;
  private final ScriptLog log;
  private final Deque<Chunk> pending = new ArrayDeque<>();
  private int consumed;
  private Chunk last;

  ScriptedValueQueue(String owner, String kind, ScriptLog log) {
    this.owner = owner;
    this.kind = kind;
    this.log = log;
  }

  synchronized void add(Chunk chunk) {
    pending.addLast(chunk);
  }

  /**
   * The next value, which must be {@code length} bytes long ({@code length < 0}: any length).
   *
   * @param currentStep the step being executed (-1 while the context is created), for the notes
   * @throws AssertionError (also recorded) if the queue is empty or the length differs
   */
  synchronized Chunk take(int length, int currentStep) {
    Chunk c = pending.peekFirst();
    if (c == null) {
      throw log.fail(
          owner
              + ": the implementation asked for another "
              + kind
              + " value ("
              + (length < 0 ? "" : length + " bytes, ")
              + "during "
              + stepName(currentStep)
              + ") but the transcript has only "
              + consumed
              + ", all consumed");
    }
    if (length >= 0 && c.bytes.length != length) {
      throw log.fail(
          owner
              + ": the implementation asked for "
              + length
              + " bytes of "
              + kind
              + " during "
              + stepName(currentStep)
              + ", but the next recorded value "
              + c.describe()
              + " has "
              + c.bytes.length
              + " bytes ("
              + consumed
              + " "
              + kind
              + " values consumed)");
    }
    pending.removeFirst();
    consumed++;
    last = c;
    if (c.step() != currentStep) {
      log.note(
          "NOTE "
              + owner
              + ": "
              + c.describe()
              + " consumed during "
              + stepName(currentStep)
              + ", the canonical side consumed it during "
              + stepName(c.step()));
    }
    return c;
  }

  /** The most recently served chunk, or null. */
  synchronized Chunk last() {
    return last;
  }

  synchronized int consumed() {
    return consumed;
  }

  /** The values not yet served, in order. */
  synchronized List<Chunk> remaining() {
    return new ArrayList<>(pending);
  }

  String kind() {
    return kind;
  }

  static String stepName(int step) {
    return step < 0 ? "context creation" : "step " + step;
  }
}
