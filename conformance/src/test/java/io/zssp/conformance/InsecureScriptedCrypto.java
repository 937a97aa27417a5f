package io.zssp.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.zssp.crypto.Aes256;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.HmacSha512;
import io.zssp.crypto.Kem;
import io.zssp.crypto.P384;
import io.zssp.crypto.RandomSource;
import io.zssp.crypto.Sha512;
import io.zssp.crypto.internal.BcP384;
import io.zssp.testkit.VectorFiles;
import java.util.ArrayList;
import java.util.List;

/**
 * INSECURE, tests only: the {@link CryptoProvider} of ONE side of ONE transcript. Every "random"
 * value is replayed from that side's {@code injected_values}, per kind, in {@code seq} order:
 *
 * <ul>
 *   <li>{@link #p384()}{@code .generateKeyPair()}: the next {@code p384_ephemeral_keypair};
 *   <li>{@link #kyber1024()}: a real round-3 Kyber1024 whose randombytes calls are the next {@code
 *       seed_d}/{@code seed_z} ({@code kyber1024_keypair}) or {@code coins} ({@code
 *       kyber1024_encapsulation});
 *   <li>{@link #random()}: served by request LENGTH: 4 bytes = the next {@code key_id}'s {@code
 *       wire} bytes, 8 bytes = the next {@code u64} ({@code wire_bytes} if present, else {@code
 *       be_bytes}), 32 bytes = the next {@code bytes} value (the challenge salt). Any other length
 *       fails.
 * </ul>
 *
 * AES, SHA-512 and HMAC are {@link DefaultCryptoProvider}'s. A request the transcript cannot serve
 * throws an {@link AssertionError} and is recorded (see {@link #drainNewFailures()}); {@link
 * #assertAllConsumed()} checks at the end that nothing is left over. Thread-safe.
 */
public final class InsecureScriptedCrypto implements CryptoProvider {
  private final String name;
  private final ScriptLog log = new ScriptLog();
  private final ScriptedValueQueue keyIds;
  private final ScriptedValueQueue u64s;
  private final ScriptedValueQueue salts;
  private final ScriptedValueQueue p384Keys;
  private final ScriptedValueQueue kemRandom;
  private final DefaultCryptoProvider symmetric;
  private final P384 p384;
  private final Kem kem;
  private final RandomSource random;
  private volatile int currentStep = -1;

  private InsecureScriptedCrypto(String name) {
    this.name = name;
    this.keyIds = new ScriptedValueQueue(name, "key_id", log);
    this.u64s = new ScriptedValueQueue(name, "u64", log);
    this.salts = new ScriptedValueQueue(name, "bytes", log);
    this.p384Keys = new ScriptedValueQueue(name, "p384_ephemeral_keypair", log);
    this.kemRandom = new ScriptedValueQueue(name, "kyber1024 randombytes", log);
    RandomSource unused =
        (out, off, len) -> {
          throw log.fail(name + ": a delegate drew " + len + " random bytes outside the script");
        };
    this.symmetric = DefaultCryptoProvider.withRandom(unused);
    this.p384 = new InsecureScriptedP384(new BcP384(unused), p384Keys, log, this);
    this.kem = new InsecureScriptedKem(kemRandom, log, this);
    this.random = this::nextBytes;
  }

  /**
   * The provider for {@code side} of {@code transcript}.
   *
   * @throws IllegalArgumentException if the side holds a value of an unknown kind
   */
  public static InsecureScriptedCrypto forSide(Transcript transcript, String side) {
    InsecureScriptedCrypto c = new InsecureScriptedCrypto(transcript.name() + "/" + side);
    for (JsonNode v : transcript.side(side).get("injected_values")) {
      c.add(v);
    }
    return c;
  }

  private void add(JsonNode v) {
    String kind = v.get("kind").asText();
    switch (kind) {
      case "key_id":
        keyIds.add(new ScriptedValueQueue.Chunk(v, null, VectorFiles.hex(v, "wire")));
        break;
      case "u64":
        String field = v.has("wire_bytes") ? "wire_bytes" : "be_bytes";
        u64s.add(new ScriptedValueQueue.Chunk(v, null, VectorFiles.hex(v, field)));
        break;
      case "bytes":
        salts.add(new ScriptedValueQueue.Chunk(v, null, VectorFiles.hex(v, "bytes")));
        break;
      case "p384_ephemeral_keypair":
        p384Keys.add(new ScriptedValueQueue.Chunk(v, null, VectorFiles.hex(v, "private")));
        break;
      case "kyber1024_keypair":
        kemRandom.add(new ScriptedValueQueue.Chunk(v, "seed_d", VectorFiles.hex(v, "seed_d")));
        kemRandom.add(new ScriptedValueQueue.Chunk(v, "seed_z", VectorFiles.hex(v, "seed_z")));
        break;
      case "kyber1024_encapsulation":
        kemRandom.add(new ScriptedValueQueue.Chunk(v, "coins", VectorFiles.hex(v, "coins")));
        break;
      default:
        throw new IllegalArgumentException(name + ": unknown injected value kind " + kind);
    }
  }

  private void nextBytes(byte[] out, int off, int len) {
    ScriptedValueQueue q;
    switch (len) {
      case 4:
        q = keyIds;
        break;
      case 8:
        q = u64s;
        break;
      case 32:
        q = salts;
        break;
      default:
        throw log.fail(
            name
                + ": the implementation asked random() for "
                + len
                + " bytes during "
                + ScriptedValueQueue.stepName(currentStep)
                + "; the transcript serves only 4 (key_id),"
                + " 8 (u64) and 32 (challenge salt) bytes (consumed so far: "
                + keyIds.consumed()
                + " key_id, "
                + u64s.consumed()
                + " u64, "
                + salts.consumed()
                + " bytes)");
    }
    ScriptedValueQueue.Chunk c = q.take(len, currentStep);
    System.arraycopy(c.bytes, 0, out, off, len);
  }

  /** "transcript/side", for messages. */
  public String name() {
    return name;
  }

  /** Tells the script which step runs now (-1 = context creation); only used in the notes. */
  public void beginStep(int step) {
    currentStep = step;
  }

  int currentStep() {
    return currentStep;
  }

  /** Failures recorded since the previous call. */
  public List<String> drainNewFailures() {
    return log.drainNewFailures();
  }

  /** Every failure recorded so far. */
  public List<String> failures() {
    return log.failures();
  }

  /**
   * Values consumed in another step than the canonical side consumed them. Informative: only the
   * order within a kind reaches the wire.
   */
  public List<String> notes() {
    return log.notes();
  }

  /** One line per kind that still holds values, naming each value's seq and purpose. */
  public List<String> leftovers() {
    List<String> out = new ArrayList<>();
    for (ScriptedValueQueue q : List.of(keyIds, u64s, salts, p384Keys, kemRandom)) {
      List<ScriptedValueQueue.Chunk> rest = q.remaining();
      if (!rest.isEmpty()) {
        StringBuilder sb =
            new StringBuilder(
                name
                    + ": "
                    + rest.size()
                    + " "
                    + q.kind()
                    + " value(s) never consumed ("
                    + q.consumed()
                    + " were):");
        for (ScriptedValueQueue.Chunk c : rest) {
          sb.append(' ').append(c.describe());
        }
        out.add(sb.toString());
      }
    }
    return out;
  }

  /**
   * @throws AssertionError listing the leftovers by purpose, if any value was not consumed
   */
  public void assertAllConsumed() {
    List<String> rest = leftovers();
    if (!rest.isEmpty()) {
      throw new AssertionError(String.join("\n", rest));
    }
  }

  @Override
  public P384 p384() {
    return p384;
  }

  @Override
  public Kem kyber1024() {
    return kem;
  }

  @Override
  public Aes256 aes256() {
    return symmetric.aes256();
  }

  @Override
  public Sha512 sha512() {
    return symmetric.sha512();
  }

  @Override
  public HmacSha512 hmacSha512() {
    return symmetric.hmacSha512();
  }

  @Override
  public RandomSource random() {
    return random;
  }

  @Override
  public String toString() {
    return "InsecureScriptedCrypto[" + name + "]";
  }
}
