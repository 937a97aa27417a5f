package io.zssp.udp;

import static io.zssp.udp.KeyFilesTest.P384;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interoperability with the openssl command; skipped (not failed) when openssl is absent. */
class KeyFilesOpensslTest {
  private static boolean available;

  @TempDir Path tmp;

  @BeforeAll
  static void findOpenssl() {
    try {
      available = run(null, "openssl", "version").exitCode == 0;
    } catch (IOException e) {
      available = false;
    }
  }

  @Test
  void ourPrivateKey_acceptedByOpenssl_derivesOurPublicKeyFile() throws Exception {
    assumeTrue(available, "openssl not installed");
    P384KeyPair key = P384.generateKeyPair();
    Path file = tmp.resolve("id.key");
    KeyFiles.writePrivateKey(file, key);
    Result text = run(tmp, "openssl", "pkey", "-in", file.toString(), "-noout", "-text");
    assertEquals(0, text.exitCode, text.output);
    assertTrue(
        text.output.contains("NIST CURVE: P-384") || text.output.contains("secp384r1"),
        text.output);
    Result pubout = run(tmp, "openssl", "pkey", "-in", file.toString(), "-pubout");
    assertEquals(0, pubout.exitCode, pubout.output);
    assertEquals(KeyFiles.publicKeyPem(key.publicKey()), pubout.output);
  }

  @Test
  void ourPublicKey_acceptedByOpenssl_unchangedByRoundTrip() throws Exception {
    assumeTrue(available, "openssl not installed");
    P384PublicKey key = P384.generateKeyPair().publicKey();
    Path file = tmp.resolve("id.key.pub");
    KeyFiles.writePublicKey(file, key);
    Result check = run(tmp, "openssl", "pkey", "-pubin", "-in", file.toString(), "-noout");
    assertEquals(0, check.exitCode, check.output);
    Result pubout = run(tmp, "openssl", "pkey", "-pubin", "-in", file.toString(), "-pubout");
    assertEquals(0, pubout.exitCode, pubout.output);
    assertEquals(Files.readString(file), pubout.output);
  }

  @Test
  void opensslGeneratedPkcs8Key_readCorrectly_matchesOpensslPublicKeys() throws Exception {
    assumeTrue(available, "openssl not installed");
    Path file = tmp.resolve("ossl.key");
    Result gen =
        run(
            tmp,
            "sh",
            "-c",
            "openssl ecparam -name secp384r1 -genkey -noout"
                + " | openssl pkcs8 -topk8 -nocrypt -out '"
                + file
                + "'");
    assertEquals(0, gen.exitCode, gen.output);
    P384KeyPair key = KeyFiles.readPrivateKey(file, P384);
    Path pub = tmp.resolve("ossl.pub");
    Path compressed = tmp.resolve("ossl-compressed.pub");
    assertEquals(
        0,
        run(tmp, "openssl", "pkey", "-in", file.toString(), "-pubout", "-out", pub.toString())
            .exitCode);
    assertEquals(
        0,
        run(
                tmp,
                "openssl",
                "ec",
                "-in",
                file.toString(),
                "-pubout",
                "-conv_form",
                "compressed",
                "-out",
                compressed.toString())
            .exitCode);
    assertEquals(key.publicKey(), KeyFiles.readPublicKey(pub, P384));
    assertEquals(key.publicKey(), KeyFiles.readPublicKey(compressed, P384));
    Result text = run(tmp, "openssl", "pkey", "-in", file.toString(), "-noout", "-text");
    assertTrue(
        text.output
            .replaceAll("[\\s:]", "")
            .contains(hexOfUncompressed(KeyFiles.publicKeyHex(key.publicKey()), pub)),
        "pub in openssl text");
  }

  @Test
  void opensslSec1AndP256Keys_rejectedWithClearMessages() throws Exception {
    assumeTrue(available, "openssl not installed");
    Path sec1 = tmp.resolve("sec1.key");
    assertEquals(
        0,
        run(
                tmp,
                "openssl",
                "ecparam",
                "-name",
                "secp384r1",
                "-genkey",
                "-noout",
                "-out",
                sec1.toString())
            .exitCode);
    InvalidKeyException e1 =
        assertThrows(InvalidKeyException.class, () -> KeyFiles.readPrivateKey(sec1, P384));
    assertTrue(e1.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e1.getMessage());
    Path p256 = tmp.resolve("p256.key");
    Result gen =
        run(
            tmp,
            "sh",
            "-c",
            "openssl ecparam -name prime256v1 -genkey -noout"
                + " | openssl pkcs8 -topk8 -nocrypt -out '"
                + p256
                + "'");
    assertEquals(0, gen.exitCode, gen.output);
    InvalidKeyException e2 =
        assertThrows(InvalidKeyException.class, () -> KeyFiles.readPrivateKey(p256, P384));
    assertTrue(e2.getMessage().contains("wrong curve"), e2.getMessage());
  }

  /** The uncompressed public point in hex, taken from the SPKI openssl wrote (last 97 bytes). */
  private static String hexOfUncompressed(String compressedHex, Path spkiPem) throws Exception {
    String body = Files.readString(spkiPem).replaceAll("-----[A-Z ]+-----|\\s", "");
    byte[] der = Base64.getDecoder().decode(body);
    String hex = HexFormat.of().formatHex(der, der.length - 97, der.length);
    assertEquals(compressedHex.substring(2), hex.substring(2, 98), "same x coordinate");
    return hex;
  }

  private static final class Result {
    final int exitCode;
    final String output;

    Result(int exitCode, String output) {
      this.exitCode = exitCode;
      this.output = output;
    }
  }

  private static Result run(Path dir, String... command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(List.of(command)).redirectErrorStream(true);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    Process p = pb.start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out: " + String.join(" ", command));
      }
      return new Result(p.exitValue(), out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted", e);
    }
  }
}
