package io.zssp.udp;

import static io.zssp.udp.KeyFilesTest.P384;
import static io.zssp.udp.KeyFilesTest.jdkKeyPair;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.crypto.P384KeyPair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every defect in a key file is an InvalidKeyException naming the file and the defect. */
class KeyFilesMalformedTest {
  @TempDir Path tmp;

  @Test
  void readPrivateKey_sec1EcPrivateKeyLabel_rejectedWithConversionHint() throws Exception {
    Path file = write("k.pem", KeyFilesPem.encode("EC PRIVATE KEY", new byte[] {0x30, 0}));
    assertPrivateRejected(file, "no PEM \"PRIVATE KEY\" block", "openssl pkcs8 -topk8 -nocrypt");
  }

  @Test
  void readPrivateKey_certificateLabel_rejectedListingTheLabelFound() throws Exception {
    Path file = write("k.pem", KeyFilesPem.encode("CERTIFICATE", new byte[] {0x30, 0}));
    assertPrivateRejected(file, "found [CERTIFICATE]");
  }

  @Test
  void readPrivateKey_encryptedPkcs8_rejectedWithHint() throws Exception {
    Path file = write("k.pem", KeyFilesPem.encode("ENCRYPTED PRIVATE KEY", new byte[] {0x30, 0}));
    assertPrivateRejected(file, "encrypted keys are not supported");
  }

  @Test
  void readPrivateKey_legacyPemHeaders_rejected() throws Exception {
    String pem =
        "-----BEGIN PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nAAAA\n"
            + "-----END PRIVATE KEY-----\n";
    assertPrivateRejected(write("k.pem", pem.getBytes(StandardCharsets.US_ASCII)), "PEM headers");
  }

  @Test
  void readPublicKey_privateKeyFile_rejectedWithHint() throws Exception {
    Path file = tmp.resolve("k.pem");
    KeyFiles.writePrivateKey(file, P384.generateKeyPair());
    InvalidKeyException e =
        assertThrows(InvalidKeyException.class, () -> KeyFiles.readPublicKey(file, P384));
    assertMentions(e, file, "this is a private key");
  }

  @Test
  void readPrivateKey_badBase64_rejected() throws Exception {
    byte[] good = validPrivateKeyPem();
    String bad = new String(good, StandardCharsets.US_ASCII).replaceFirst("\n(.)", "\n!");
    assertPrivateRejected(write("k.pem", bad.getBytes(StandardCharsets.US_ASCII)), "bad base64");
  }

  @Test
  void readPrivateKey_truncatedAnywhere_rejected() throws Exception {
    byte[] good = validPrivateKeyPem();
    for (int len : new int[] {0, 10, 30, 60, good.length / 2, good.length - 30, good.length - 2}) {
      Path file = write("cut" + len + ".pem", Arrays.copyOf(good, len));
      assertPrivateRejected(file);
    }
  }

  @Test
  void readPrivateKey_truncatedBeforeEndLine_saysTruncated() throws Exception {
    byte[] good = validPrivateKeyPem();
    assertPrivateRejected(write("k.pem", Arrays.copyOf(good, good.length - 26)), "truncated");
  }

  @Test
  void readPrivateKey_truncatedDer_saysMalformedOrTruncated() throws Exception {
    byte[] der = KeyFilesDer.encodePrivateKey(P384.generateKeyPair());
    Path file =
        write("k.pem", KeyFilesPem.encode("PRIVATE KEY", Arrays.copyOf(der, der.length - 20)));
    assertPrivateRejected(file, "malformed or truncated PKCS#8");
  }

  @Test
  void readPrivateKey_trailingBytesAfterDer_rejected() throws Exception {
    byte[] der = KeyFilesDer.encodePrivateKey(P384.generateKeyPair());
    Path file =
        write("k.pem", KeyFilesPem.encode("PRIVATE KEY", Arrays.copyOf(der, der.length + 2)));
    assertPrivateRejected(file, "malformed");
  }

  @Test
  void readPrivateKey_p256Key_rejectedAsWrongCurve() throws Exception {
    KeyPair p256 = jdkKeyPair("EC", new ECGenParameterSpec("secp256r1"));
    Path file = write("k.pem", KeyFilesPem.encode("PRIVATE KEY", p256.getPrivate().getEncoded()));
    assertPrivateRejected(file, "wrong curve", "1.2.840.10045.3.1.7", "expected secp384r1");
    Path pub = write("k.pub", KeyFilesPem.encode("PUBLIC KEY", p256.getPublic().getEncoded()));
    assertPublicRejected(pub, "wrong curve", "1.2.840.10045.3.1.7");
  }

  @Test
  void readPrivateKey_rsaKey_rejectedAsWrongKeyType() throws Exception {
    KeyPair rsa = jdkKeyPair("RSA", new RSAKeyGenParameterSpec(1024, RSAKeyGenParameterSpec.F4));
    Path file = write("k.pem", KeyFilesPem.encode("PRIVATE KEY", rsa.getPrivate().getEncoded()));
    assertPrivateRejected(file, "wrong key type RSA");
    Path pub = write("k.pub", KeyFilesPem.encode("PUBLIC KEY", rsa.getPublic().getEncoded()));
    assertPublicRejected(pub, "wrong key type RSA");
  }

  @Test
  void readPrivateKey_embeddedPublicKeyOfAnotherKey_rejected() throws Exception {
    P384KeyPair a = P384.generateKeyPair();
    P384KeyPair b = P384.generateKeyPair();
    Path file =
        write(
            "k.pem",
            KeyFilesPem.encode(
                "PRIVATE KEY",
                pkcs8(a.exportPrivateScalar(), uncompressed(b.publicKey().encoded()))));
    assertPrivateRejected(file, "does not match the private key");
  }

  @Test
  void readPrivateKey_scalarZeroOrNotBelowOrder_rejected() throws Exception {
    byte[] zero = pkcs8(new byte[48], null);
    assertPrivateRejected(write("zero.pem", KeyFilesPem.encode("PRIVATE KEY", zero)), "zero");
    byte[] n = KeyFilesTest.P384_ORDER.toByteArray();
    assertPrivateRejected(
        write(
            "n.pem",
            KeyFilesPem.encode(
                "PRIVATE KEY", pkcs8(Arrays.copyOfRange(n, n.length - 48, n.length), null))),
        "group order");
  }

  @Test
  void readPublicKey_explicitCurveParameters_rejected() throws Exception {
    X962Parameters explicit = new X962Parameters(CustomNamedCurves.getByName("secp384r1"));
    byte[] point = uncompressed(P384.generateKeyPair().publicKey().encoded());
    byte[] spki =
        new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, explicit), point)
            .getEncoded();
    assertPublicRejected(write("k.pub", KeyFilesPem.encode("PUBLIC KEY", spki)), "explicit");
  }

  @Test
  void readPublicKey_uncompressedPointOffCurve_rejected() throws Exception {
    byte[] point = uncompressed(P384.generateKeyPair().publicKey().encoded());
    point[96] ^= 1;
    byte[] spki =
        new SubjectPublicKeyInfo(
                SubjectPublicKeyInfo.getInstance(
                        KeyFilesDer.encodePublicKey(P384.generateKeyPair().publicKey()))
                    .getAlgorithm(),
                point)
            .getEncoded();
    assertPublicRejected(
        write("k.pub", KeyFilesPem.encode("PUBLIC KEY", spki)), "not a valid P-384 point");
  }

  @Test
  void readPublicKey_hexOfWrongLengthOrNotHexOrOffCurve_rejected() throws Exception {
    String good = KeyFiles.publicKeyHex(P384.generateKeyPair().publicKey());
    assertPublicRejected(
        write("short.hex", good.substring(2).getBytes(StandardCharsets.US_ASCII)), "neither a PEM");
    assertPublicRejected(write("nothex.hex", "zz" + good.substring(2)), "not a hex string");
    assertPublicRejected(
        write("prefix.hex", "05" + good.substring(2)), "must start with 0x02 or 0x03");
    InvalidKeyException e =
        assertThrows(
            InvalidKeyException.class, () -> KeyFiles.parsePublicKeyHex(good.substring(1), P384));
    assertTrue(e.getMessage().contains("expected 98 hex characters"), e.getMessage());
  }

  @Test
  void readPublicKey_stringNeitherHexNorFile_saysSo() {
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> KeyFiles.readPublicKey("02abcd", P384));
    assertTrue(e.getMessage().contains("02abcd"), e.getMessage());
    assertTrue(e.getMessage().contains("neither a 98-hex-character public key"), e.getMessage());
  }

  @Test
  void readPrivateKey_emptyFile_saysNotPem() throws Exception {
    assertPrivateRejected(write("empty.pem", new byte[0]), "not a PEM file");
  }

  @Test
  void readPrivateKey_hugeFile_rejectedWithoutParsing() throws Exception {
    assertPrivateRejected(write("big.pem", new byte[KeyFiles.MAX_FILE_SIZE + 1]), "too large");
  }

  @Test
  void readPrivateKey_missingFile_throwsNoSuchFile() {
    Path missing = tmp.resolve("missing.pem");
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> KeyFiles.readPrivateKey(missing, P384));
    assertTrue(e.getMessage().contains("missing.pem"), e.getMessage());
  }

  private byte[] validPrivateKeyPem() {
    return KeyFilesPem.encode("PRIVATE KEY", KeyFilesDer.encodePrivateKey(P384.generateKeyPair()));
  }

  /** PKCS#8 on secp384r1 with the given private octets and optional public point. */
  private static byte[] pkcs8(byte[] scalar, byte[] point) throws Exception {
    ASN1EncodableVector ec = new ASN1EncodableVector();
    ec.add(new ASN1Integer(1));
    ec.add(new DEROctetString(scalar));
    if (point != null) {
      ec.add(new DERTaggedObject(true, 1, new DERBitString(point)));
    }
    AlgorithmIdentifier alg =
        SubjectPublicKeyInfo.getInstance(
                KeyFilesDer.encodePublicKey(P384.generateKeyPair().publicKey()))
            .getAlgorithm();
    return new PrivateKeyInfo(alg, new DERSequence(ec)).getEncoded();
  }

  private static byte[] uncompressed(byte[] compressed) {
    return CustomNamedCurves.getByName("secp384r1")
        .getCurve()
        .decodePoint(compressed)
        .getEncoded(false);
  }

  private Path write(String name, byte[] content) throws Exception {
    Path file = tmp.resolve(name);
    Files.write(file, content);
    return file;
  }

  private Path write(String name, String content) throws Exception {
    return write(name, content.getBytes(StandardCharsets.US_ASCII));
  }

  private static void assertPrivateRejected(Path file, String... fragments) {
    InvalidKeyException e =
        assertThrows(InvalidKeyException.class, () -> KeyFiles.readPrivateKey(file, P384));
    assertMentions(e, file, fragments);
  }

  private static void assertPublicRejected(Path file, String... fragments) {
    InvalidKeyException e =
        assertThrows(InvalidKeyException.class, () -> KeyFiles.readPublicKey(file, P384));
    assertMentions(e, file, fragments);
  }

  private static void assertMentions(Exception e, Path file, String... fragments) {
    String m = e.getMessage();
    assertTrue(m.startsWith(file.toString() + ": "), "names the file: " + m);
    for (String f : fragments) {
      assertTrue(m.contains(f), "expected \"" + f + "\" in: " + m);
    }
  }
}
