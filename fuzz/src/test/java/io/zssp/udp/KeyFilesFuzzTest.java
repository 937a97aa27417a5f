package io.zssp.udp;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import io.zssp.fuzz.Allocation;
import io.zssp.fuzz.PublicKeyWork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Fuzz target for key-file parsing ({@link KeyFiles}, {@link KeyFilesPem}, {@link KeyFilesDer}):
 * whatever the bytes, reading a private or public key file, or parsing the hex form, either returns
 * a valid key or throws one of the documented exceptions ({@link InvalidKeyException} for bad
 * content, {@link IOException} for a file that cannot be read); nothing else escapes. A key that is
 * returned round-trips: written out and read back, it is the same key.
 *
 * <p>Seeds, made at test time: our own PKCS#8 and SubjectPublicKeyInfo encodings of a fresh key,
 * the JDK's encodings of another (a different but valid DER layout), and the hex form. An input
 * chooses what to parse (a private file, a public file, the DER directly, or hex), starts from a
 * seed or from raw bytes, and changes up to 8 bytes or a range; DER can be wrapped in a correct PEM
 * armour so that the mutations reach the DER parser through the file path.
 */
class KeyFilesFuzzTest {
  private static final CryptoProvider CRYPTO = DefaultCryptoProvider.create();
  private static final List<byte[]> PRIVATE_DER = new ArrayList<>();
  private static final List<byte[]> PUBLIC_DER = new ArrayList<>();
  private static final Path FILE;

  static {
    P384KeyPair ours = CRYPTO.p384().generateKeyPair();
    PRIVATE_DER.add(KeyFilesDer.encodePrivateKey(ours));
    PUBLIC_DER.add(KeyFilesDer.encodePublicKey(ours.publicKey()));
    PUBLIC_DER.add(compressedSpki(PUBLIC_DER.get(0), ours.publicKey()));
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp384r1"));
      KeyPair jdk = g.generateKeyPair();
      PRIVATE_DER.add(jdk.getPrivate().getEncoded());
      PUBLIC_DER.add(jdk.getPublic().getEncoded());
      Path dir = Files.createTempDirectory("zssp-fuzz-keyfiles");
      dir.toFile().deleteOnExit();
      FILE = dir.resolve("key.pem");
      FILE.toFile().deleteOnExit();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no P-384", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  enum Target {
    PRIVATE_FILE("PRIVATE KEY", true),
    PUBLIC_FILE("PUBLIC KEY", true),
    PRIVATE_DER("PRIVATE KEY", false),
    PUBLIC_DER("PUBLIC KEY", false),
    HEX("PUBLIC KEY", false);

    /** The PEM label of its armour. */
    final String label;

    /** Whether it reads the file (else the bytes directly). */
    final boolean file;

    Target(String label, boolean file) {
      this.label = label;
      this.file = file;
    }
  }

  @FuzzTest(maxDuration = "10m")
  void keyFile(FuzzedDataProvider in) throws IOException {
    Target target = Target.values()[in.consumeInt(0, Target.values().length - 1)];
    boolean armour = in.consumeBoolean();
    boolean isPrivate = target == Target.PRIVATE_FILE || target == Target.PRIVATE_DER;
    List<byte[]> seeds = isPrivate ? PRIVATE_DER : PUBLIC_DER;
    byte[] bytes = mutate(in, seeds);
    parse(target, armour, bytes);
  }

  /**
   * Parses {@code bytes} as {@code target} (wrapped in PEM armour first if {@code armour} and the
   * target is a file) and checks that only documented exceptions escape.
   */
  static void parse(Target target, boolean armour, byte[] bytes) throws IOException {
    byte[] content = target.file && armour ? pem(target.label, bytes) : bytes;
    if (target.file) {
      Files.write(FILE, content);
    }
    Allocation.Meter meter = Allocation.start();
    Object key;
    try {
      key =
          switch (target) {
            case PRIVATE_FILE -> KeyFiles.readPrivateKey(FILE, CRYPTO.p384());
            case PUBLIC_FILE -> KeyFiles.readPublicKey(FILE, CRYPTO.p384());
            case PRIVATE_DER -> KeyFilesDer.decodePrivateKey(bytes, CRYPTO.p384(), "fuzz");
            case PUBLIC_DER -> KeyFilesDer.decodePublicKey(bytes, CRYPTO.p384(), "fuzz");
            case HEX ->
                KeyFiles.parsePublicKeyHex(
                    new String(bytes, StandardCharsets.ISO_8859_1), CRYPTO.p384());
          };
    } catch (InvalidKeyException expected) {
      // documented: the content is not an acceptable key
      meter.check(bound(content), () -> describe(target, content) + ", rejected: " + expected);
      return;
    }
    meter.check(bound(content), () -> describe(target, content));
    try {
      if (key instanceof P384KeyPair k) {
        P384KeyPair again =
            KeyFilesDer.decodePrivateKey(KeyFilesDer.encodePrivateKey(k), CRYPTO.p384(), "again");
        check(Arrays.equals(k.publicKey().encoded(), again.publicKey().encoded()), bytes);
      } else {
        roundTrip((P384PublicKey) key, bytes);
      }
    } catch (InvalidKeyException e) {
      throw new AssertionError(
          "a key read could not be read back: " + describe(target, content), e);
    }
  }

  /**
   * Allocation allowed for parsing {@code content}: 64 KiB, 16 bytes per input byte (the file read
   * and its copy, base64, the DER, BouncyCastle's ASN.1 objects, the message strings), and one
   * handshake step's public-key work ({@link PublicKeyWork}: deriving the public key of a private
   * scalar is a scalar multiplication, decoding a point validates it). A key file is at most 64 KiB
   * ({@code KeyFiles.MAX_FILE_SIZE}).
   */
  static long bound(byte[] content) {
    return 64 * 1024 + 16L * content.length + PublicKeyWork.ALLOWANCE;
  }

  private static String describe(Target target, byte[] content) {
    return target
        + " of "
        + content.length
        + " bytes: "
        + HexFormat.of().formatHex(content, 0, Math.min(content.length, 64));
  }

  private static void roundTrip(P384PublicKey key, byte[] input) throws InvalidKeyException {
    P384PublicKey again =
        KeyFilesDer.decodePublicKey(KeyFilesDer.encodePublicKey(key), CRYPTO.p384(), "again");
    check(Arrays.equals(key.encoded(), again.encoded()), input);
    P384PublicKey fromHex = KeyFiles.parsePublicKeyHex(KeyFiles.publicKeyHex(key), CRYPTO.p384());
    check(Arrays.equals(key.encoded(), fromHex.encoded()), input);
  }

  private static void check(boolean ok, byte[] input) {
    if (!ok) {
      throw new AssertionError(
          "a key read back differs from the key written, input " + HexFormat.of().formatHex(input));
    }
  }

  /** Every seed: the DER encodings and the hex form. */
  static List<byte[]> seeds() {
    List<byte[]> all = new ArrayList<>(PRIVATE_DER);
    all.addAll(PUBLIC_DER);
    all.add(hexSeed());
    return all;
  }

  private static byte[] hexSeed() {
    byte[] spki = PUBLIC_DER.get(1); // compressed point at the end
    return HexFormat.of()
        .formatHex(spki, spki.length - 49, spki.length)
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** A seed (or nothing), then up to 8 XORed bytes, then an optional range overwrite/resize. */
  static byte[] mutate(FuzzedDataProvider in, List<byte[]> seeds) {
    int pick = in.consumeInt(0, seeds.size() + 1);
    byte[] d;
    if (pick < seeds.size()) {
      d = seeds.get(pick).clone();
    } else if (pick == seeds.size()) {
      d = hexSeed();
    } else {
      return in.consumeRemainingAsBytes();
    }
    for (int n = in.consumeInt(0, 8); n > 0 && d.length > 0; n--) {
      d[in.consumeInt(0, d.length - 1)] ^= in.consumeByte();
    }
    if (in.consumeBoolean()) {
      int length = in.consumeInt(0, 2 * d.length + 16);
      int at = in.consumeInt(0, length);
      d = Arrays.copyOf(d, length);
      byte[] patch = in.consumeBytes(length - at);
      System.arraycopy(patch, 0, d, at, patch.length);
    }
    return d;
  }

  private static byte[] pem(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return ("-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** The SPKI with the 97-byte uncompressed point replaced by the 49-byte compressed one. */
  private static byte[] compressedSpki(byte[] spki, P384PublicKey key) {
    // SEQUENCE { AlgorithmIdentifier (20 bytes for id-ecPublicKey + secp384r1), BIT STRING }
    byte[] alg = Arrays.copyOfRange(spki, 2, 2 + 18);
    byte[] point = key.encoded();
    byte[] out = new byte[2 + alg.length + 3 + point.length];
    out[0] = 0x30;
    out[1] = (byte) (alg.length + 3 + point.length);
    System.arraycopy(alg, 0, out, 2, alg.length);
    out[2 + alg.length] = 0x03;
    out[3 + alg.length] = (byte) (point.length + 1);
    out[4 + alg.length] = 0;
    System.arraycopy(point, 0, out, 5 + alg.length, point.length);
    return out;
  }
}
