package io.zssp.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import java.math.BigInteger;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KeyFiles round trips and cross-checks with the JDK's KeyFactory. Malformed input: see below. */
class KeyFilesTest {
  static final P384 P384 = DefaultCryptoProvider.create().p384();
  static final BigInteger P384_ORDER =
      new BigInteger(
          "ffffffffffffffffffffffffffffffffffffffffffffffff"
              + "c7634d81f4372ddf581a0db248b0a77aecec196accc52973",
          16);

  @TempDir Path tmp;

  /** A FIFO given as a key file used to block the open forever (issue 10, CLI fixes). */
  @Test
  @org.junit.jupiter.api.Timeout(10)
  void readKey_fromAFifo_failsAtOnce() throws Exception {
    Path fifo = tmp.resolve("fifo.key");
    Process p;
    try {
      p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    } catch (java.io.IOException noMkfifo) {
      assumeTrue(false, "no mkfifo on this system");
      return;
    }
    assumeTrue(p.waitFor() == 0 && Files.exists(fifo), "mkfifo failed");
    java.nio.file.FileSystemException e =
        assertThrows(
            java.nio.file.FileSystemException.class, () -> KeyFiles.readPrivateKey(fifo, P384));
    assertEquals("not a regular file (a key file must be one)", e.getReason());
    assertThrows(
        java.nio.file.NoSuchFileException.class,
        () -> KeyFiles.readPrivateKey(tmp.resolve("missing.key"), P384));
  }

  /** {@code --force} used to rename over anything; it now replaces regular files only. */
  @Test
  void overwrite_refusesWhatIsNotARegularFile() throws Exception {
    Path target = tmp.resolve("elsewhere");
    Files.writeString(target, "not a key, keep me");
    Path link = tmp.resolve("link.key");
    Files.createSymbolicLink(link, target);
    Path dir = Files.createDirectory(tmp.resolve("dir.key"));
    P384KeyPair key = P384.generateKeyPair();
    for (Path p : new Path[] {link, dir}) {
      java.nio.file.FileSystemException e =
          assertThrows(
              java.nio.file.FileSystemException.class,
              () -> KeyFiles.writePrivateKey(p, key, true));
      assertEquals("exists and is not a regular file; refusing to replace it", e.getReason());
    }
    assertTrue(Files.isSymbolicLink(link));
    assertEquals("not a key, keep me", Files.readString(target));
    assertTrue(Files.isDirectory(dir));
    Path regular = tmp.resolve("regular.key");
    KeyFiles.writePrivateKey(regular, key);
    KeyFiles.writePrivateKey(regular, P384.generateKeyPair(), true); // a regular file: replaced
  }

  @Test
  void writePrivateKey_thenReadPrivateKey_sameScalarAndPublicKey() throws Exception {
    P384KeyPair key = P384.generateKeyPair();
    Path file = tmp.resolve("id.key");
    KeyFiles.writePrivateKey(file, key);
    P384KeyPair read = KeyFiles.readPrivateKey(file, P384);
    assertArrayEquals(key.exportPrivateScalar(), read.exportPrivateScalar());
    assertEquals(key.publicKey(), read.publicKey());
    String text = Files.readString(file);
    assertTrue(text.startsWith("-----BEGIN PRIVATE KEY-----\n"), text);
    assertTrue(text.endsWith("-----END PRIVATE KEY-----\n"), text);
  }

  @Test
  void writePrivateKey_existingFile_refusesUnlessOverwriteRequested() throws Exception {
    Path file = tmp.resolve("id.key");
    P384KeyPair first = P384.generateKeyPair();
    P384KeyPair second = P384.generateKeyPair();
    KeyFiles.writePrivateKey(file, first);
    FileAlreadyExistsException e =
        assertThrows(
            FileAlreadyExistsException.class, () -> KeyFiles.writePrivateKey(file, second));
    assertTrue(e.getMessage().contains("id.key"), e.getMessage());
    assertEquals(first.publicKey(), KeyFiles.readPrivateKey(file, P384).publicKey());
    KeyFiles.writePrivateKey(file, second, true);
    assertEquals(second.publicKey(), KeyFiles.readPrivateKey(file, P384).publicKey());
    try (var entries = Files.list(tmp)) {
      assertEquals(1, entries.count(), "no temp file left behind");
    }
  }

  @Test
  void writePrivateKey_posixFileSystem_fileIsOwnerOnly() throws Exception {
    assumeTrue(RatchetStoreFs.isPosix(tmp.getFileSystem()));
    Path file = tmp.resolve("id.key");
    KeyFiles.writePrivateKey(file, P384.generateKeyPair());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    KeyFiles.writePrivateKey(file, P384.generateKeyPair(), true);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void writtenFiles_parseWithJdkKeyFactory_matchingKeys() throws Exception {
    P384KeyPair key = P384.generateKeyPair();
    KeyFactory ec = KeyFactory.getInstance("EC");
    byte[] pkcs8 = KeyFilesDer.encodePrivateKey(key);
    ECPrivateKey jdkPrivate = (ECPrivateKey) ec.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    assertEquals(new BigInteger(1, key.exportPrivateScalar()), jdkPrivate.getS());
    assertEquals(P384_ORDER, jdkPrivate.getParams().getOrder());
    Path pub = tmp.resolve("id.pub");
    KeyFiles.writePublicKey(pub, key.publicKey());
    byte[] spki =
        Base64.getMimeDecoder()
            .decode(
                Files.readString(pub)
                    .replace("-----BEGIN PUBLIC KEY-----", "")
                    .replace("-----END PUBLIC KEY-----", ""));
    ECPublicKey jdkPublic = (ECPublicKey) ec.generatePublic(new X509EncodedKeySpec(spki));
    assertArrayEquals(key.publicKey().encoded(), compress(jdkPublic));
  }

  @Test
  void writePrivateKey_anyKey_embedsUncompressedPublicKeyOnNamedCurve() throws Exception {
    P384KeyPair key = P384.generateKeyPair();
    PrivateKeyInfo pki = PrivateKeyInfo.getInstance(KeyFilesDer.encodePrivateKey(key));
    assertEquals(SECObjectIdentifiers.secp384r1, pki.getPrivateKeyAlgorithm().getParameters());
    org.bouncycastle.asn1.sec.ECPrivateKey ec =
        org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(pki.parsePrivateKey());
    byte[] embedded = ec.getPublicKey().getOctets();
    assertEquals(97, embedded.length);
    assertEquals(0x04, embedded[0]);
    assertArrayEquals(
        Arrays.copyOfRange(key.publicKey().encoded(), 1, 49),
        Arrays.copyOfRange(embedded, 1, 49),
        "x coordinate");
  }

  @Test
  void readPrivateKey_jdkGeneratedPkcs8WithoutEmbeddedPublicKey_accepted() throws Exception {
    KeyPair jdk = jdkKeyPair("EC", new ECGenParameterSpec("secp384r1"));
    Path file = writePem("jdk.key", "PRIVATE KEY", jdk.getPrivate().getEncoded());
    P384KeyPair read = KeyFiles.readPrivateKey(file, P384);
    assertEquals(
        ((ECPrivateKey) jdk.getPrivate()).getS(), new BigInteger(1, read.exportPrivateScalar()));
    assertArrayEquals(compress((ECPublicKey) jdk.getPublic()), read.publicKey().encoded());
    Path pub = writePem("jdk.pub", "PUBLIC KEY", jdk.getPublic().getEncoded());
    assertEquals(read.publicKey(), KeyFiles.readPublicKey(pub, P384));
  }

  @Test
  void writePublicKey_thenReadPublicKey_sameKeyAndPemText() throws Exception {
    P384PublicKey key = P384.generateKeyPair().publicKey();
    Path file = tmp.resolve("peer.pub");
    KeyFiles.writePublicKey(file, key);
    assertEquals(key, KeyFiles.readPublicKey(file, P384));
    assertEquals(KeyFiles.publicKeyPem(key), Files.readString(file));
    assertThrows(FileAlreadyExistsException.class, () -> KeyFiles.writePublicKey(file, key));
  }

  @Test
  void publicKeyHex_anyKey_is98LowercaseHexThatParsesBack() throws Exception {
    P384PublicKey key = P384.generateKeyPair().publicKey();
    String hex = KeyFiles.publicKeyHex(key);
    assertEquals(98, hex.length());
    assertTrue(hex.matches("0[23][0-9a-f]{96}"), hex);
    assertEquals(key, KeyFiles.parsePublicKeyHex(hex, P384));
    assertEquals(key, KeyFiles.readPublicKey(hex, P384));
    assertEquals(key, KeyFiles.readPublicKey(" " + hex.toUpperCase(Locale.ROOT) + "\n", P384));
  }

  @Test
  void readPublicKey_fileHoldingHex_accepted() throws Exception {
    P384PublicKey key = P384.generateKeyPair().publicKey();
    Path file = tmp.resolve("peer.hex");
    Files.writeString(file, KeyFiles.publicKeyHex(key) + "\n");
    assertEquals(key, KeyFiles.readPublicKey(file, P384));
    assertEquals(key, KeyFiles.readPublicKey(file.toString(), P384));
  }

  @Test
  void readPublicKey_compressedPointInSpki_accepted() throws Exception {
    P384PublicKey key = P384.generateKeyPair().publicKey();
    byte[] spki = KeyFilesDer.encodePublicKey(key);
    byte[] compressedSpki =
        new SubjectPublicKeyInfo(
                SubjectPublicKeyInfo.getInstance(spki).getAlgorithm(), key.encoded())
            .getEncoded();
    assertNotEquals(spki.length, compressedSpki.length);
    Path file = writePem("c.pub", "PUBLIC KEY", compressedSpki);
    assertEquals(key, KeyFiles.readPublicKey(file, P384));
  }

  /** The compressed SEC1 encoding of a JDK public key. */
  static byte[] compress(ECPublicKey k) {
    byte[] out = new byte[49];
    out[0] = (byte) (k.getW().getAffineY().testBit(0) ? 3 : 2);
    byte[] x = k.getW().getAffineX().toByteArray();
    int len = Math.min(x.length, 48);
    System.arraycopy(x, x.length - len, out, 49 - len, len);
    return out;
  }

  static KeyPair jdkKeyPair(String algorithm, java.security.spec.AlgorithmParameterSpec spec)
      throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
    g.initialize(spec);
    return g.generateKeyPair();
  }

  private Path writePem(String name, String label, byte[] der) throws Exception {
    Path file = tmp.resolve(name);
    Files.write(file, KeyFilesPem.encode(label, der));
    return file;
  }
}
