package io.zssp.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.zssp.testkit.Hex;
import io.zssp.testkit.VectorFiles;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One canonical wire transcript ({@code vectors/transcripts/<name>.json}, hash-checked by {@link
 * VectorFiles}) with typed accessors for what the harness reads. The layout is described in {@code
 * vectors/README.md}; this class only navigates it.
 */
public final class Transcript {
  /** The seven canonical scenarios, in the order of the vectors README. */
  public static final List<String> NAMES =
      List.of(
          "basic",
          "small-mtu",
          "rekey",
          "challenge",
          "otp-persistent",
          "rejected",
          "replay-and-garbage");

  /** The two sides; Alice is always the XK initiator, Bob the responder. */
  public static final List<String> SIDES = List.of("alice", "bob");

  private static final Map<String, Transcript> CACHE = new ConcurrentHashMap<>();

  private final String name;
  private final JsonNode root;

  private Transcript(String name, JsonNode root) {
    this.name = name;
    this.root = root;
  }

  /** Loads {@code transcripts/<name>.json} (parsed once per JVM; the tree is never modified). */
  public static Transcript load(String name) {
    return CACHE.computeIfAbsent(
        name, n -> new Transcript(n, VectorFiles.json("transcripts/" + n + ".json")));
  }

  public String name() {
    return name;
  }

  public JsonNode root() {
    return root;
  }

  /** {@code config}: MTUs, identity and the application decisions. */
  public JsonNode config() {
    return root.get("config");
  }

  /** {@code sides.<side>}. */
  public JsonNode side(String side) {
    JsonNode s = root.get("sides").get(side);
    if (s == null) {
      throw new IllegalArgumentException(name + ": no side '" + side + "'");
    }
    return s;
  }

  /** The side that is not {@code side}. */
  public static String other(String side) {
    switch (side) {
      case "alice":
        return "bob";
      case "bob":
        return "alice";
      default:
        throw new IllegalArgumentException("side must be alice or bob, got " + side);
    }
  }

  /** All steps, in execution order. */
  public List<JsonNode> steps() {
    List<JsonNode> out = new ArrayList<>();
    root.get("steps").forEach(out::add);
    return out;
  }

  /** The steps whose {@code actor} is {@code side}, in order. */
  public List<JsonNode> stepsOf(String side) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode s : root.get("steps")) {
      if (s.get("actor").asText().equals(side)) {
        out.add(s);
      }
    }
    return out;
  }

  /** {@code datagrams[index]}. */
  public JsonNode datagram(int index) {
    JsonNode d = root.get("datagrams").get(index);
    if (d == null || d.get("index").asInt() != index) {
      throw new IllegalArgumentException(name + ": no datagram " + index);
    }
    return d;
  }

  /** The exact bytes of {@code datagrams[index]}. */
  public byte[] datagramBytes(int index) {
    return VectorFiles.hex(datagram(index), "hex");
  }

  /** The {@code application_events} of {@code side} recorded during step {@code step}, in order. */
  public List<JsonNode> applicationEvents(String side, int step) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode e : root.get("application_events")) {
      if (e.get("side").asText().equals(side) && e.get("step").asInt() == step) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * The recorded Kyber public key of {@code side} whose SHA-512 starts with {@code sha512First16}
   * (how a {@code kyber1024_encapsulation} names the key it encapsulates to).
   */
  public byte[] kyberPublicKey(String side, String sha512First16) {
    for (JsonNode v : side(side).get("injected_values")) {
      if (v.get("kind").asText().equals("kyber1024_keypair")) {
        byte[] pk = VectorFiles.hex(v, "public");
        try {
          byte[] h = MessageDigest.getInstance("SHA-512").digest(pk);
          if (Hex.encode(h, 0, 16).equals(sha512First16)) {
            return pk;
          }
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    throw new IllegalArgumentException(
        name + ": " + side + " has no Kyber public key with SHA-512" + " prefix " + sha512First16);
  }

  /** {@code start_time_ms}. */
  public long startTimeMillis() {
    return root.get("start_time_ms").asLong();
  }

  /** Integer-list field of a node (for {@code emitted_datagrams}, {@code consumed_values}). */
  public static List<Integer> ints(JsonNode node, String field) {
    List<Integer> out = new ArrayList<>();
    JsonNode a = node.get(field);
    if (a != null) {
      a.forEach(v -> out.add(v.asInt()));
    }
    return out;
  }

  @Override
  public String toString() {
    return name;
  }
}
