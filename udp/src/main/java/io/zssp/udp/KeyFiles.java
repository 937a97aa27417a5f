package io.zssp.udp;

import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

/**
 * Static key files: a P-384 private key as PEM {@code PRIVATE KEY} (PKCS#8 with an RFC 5915 {@code
 * ECPrivateKey} on the named curve secp384r1, including the public key, as OpenSSL writes it), a
 * public key as PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo, uncompressed point), and the
 * 49-byte compressed public key as 98 lowercase hex characters for command lines. Encoding and
 * parsing use BouncyCastle's ASN.1 classes ({@link KeyFilesDer}); keys are validated by the given
 * {@link P384}.
 *
 * <p>Readers throw {@link java.io.IOException} when a file cannot be read and {@link
 * InvalidKeyException} when its content is not an acceptable key, with a message naming the file
 * and the defect (wrong PEM label, bad base64, malformed or truncated DER, wrong key type or curve,
 * out-of-range scalar, public key not matching the private key). Writers create private key files
 * owner-only (600) where POSIX applies and refuse to replace an existing file unless asked. Secret
 * buffers are wiped on a best-effort basis. Stateless and thread-safe; the caller owns the keys.
 */
public final class KeyFiles {
  /** Length of {@link #publicKeyHex}: 2 × 49. */
  public static final int PUBLIC_KEY_HEX_CHARS = 2 * P384.PUBLIC_KEY_SIZE_IN_BYTES;

  static final int MAX_FILE_SIZE = 64 * 1024;
  private static final String PRIVATE_LABEL = "PRIVATE KEY";
  private static final String PUBLIC_LABEL = "PUBLIC KEY";
  private static final SecureRandom TEMP_NAMES = new SecureRandom();

  private KeyFiles() {}

  /** Writes {@code key} as PEM PKCS#8 to a new file (mode 600); fails if {@code file} exists. */
  public static void writePrivateKey(Path file, P384KeyPair key) throws IOException {
    writePrivateKey(file, key, false);
  }

  /**
   * Writes {@code key} as PEM PKCS#8 (mode 600 where POSIX applies), durably.
   *
   * @param overwrite whether to replace an existing file (atomically, through a hidden owner-only
   *     temporary file {@code .NAME.tmp-*} beside it, which a crash may leave behind); if false and
   *     the file exists, throws {@link FileAlreadyExistsException}
   */
  public static void writePrivateKey(Path file, P384KeyPair key, boolean overwrite)
      throws IOException {
    byte[] der = KeyFilesDer.encodePrivateKey(key);
    byte[] pem = KeyFilesPem.encode(PRIVATE_LABEL, der);
    try {
      writeFile(file, pem, true, overwrite);
    } finally {
      Arrays.fill(der, (byte) 0);
      Arrays.fill(pem, (byte) 0);
    }
  }

  /**
   * Reads a PEM PKCS#8 P-384 private key (ours, OpenSSL's or the JDK's). If the file holds the
   * public key too, it must match the private scalar. The caller owns (and destroys) the result.
   */
  public static P384KeyPair readPrivateKey(Path file, P384 p384)
      throws IOException, InvalidKeyException {
    byte[] text = readSmallFile(file);
    byte[] der = null;
    try {
      der = KeyFilesPem.decode(text, PRIVATE_LABEL, file.toString());
      return KeyFilesDer.decodePrivateKey(der, p384, file.toString());
    } finally {
      Arrays.fill(text, (byte) 0);
      if (der != null) {
        Arrays.fill(der, (byte) 0);
      }
    }
  }

  /** Writes {@code key} as PEM SubjectPublicKeyInfo to a new file; fails if {@code file} exists. */
  public static void writePublicKey(Path file, P384PublicKey key) throws IOException {
    writePublicKey(file, key, false);
  }

  /** Writes {@code key} as PEM SubjectPublicKeyInfo, replacing an existing file if asked. */
  public static void writePublicKey(Path file, P384PublicKey key, boolean overwrite)
      throws IOException {
    writeFile(
        file, KeyFilesPem.encode(PUBLIC_LABEL, KeyFilesDer.encodePublicKey(key)), false, overwrite);
  }

  /** {@code key} as PEM SubjectPublicKeyInfo text (public data, for printing). */
  public static String publicKeyPem(P384PublicKey key) {
    return new String(
        KeyFilesPem.encode(PUBLIC_LABEL, KeyFilesDer.encodePublicKey(key)),
        StandardCharsets.US_ASCII);
  }

  /**
   * Reads a public key from a file holding either a PEM {@code PUBLIC KEY} (compressed or
   * uncompressed point) or the 98-hex-character compressed key (surrounding whitespace allowed).
   */
  public static P384PublicKey readPublicKey(Path file, P384 p384)
      throws IOException, InvalidKeyException {
    byte[] text = readSmallFile(file);
    String where = file.toString();
    if (KeyFilesPem.looksLikePem(text)) {
      byte[] der = KeyFilesPem.decode(text, PUBLIC_LABEL, where);
      return KeyFilesDer.decodePublicKey(der, p384, where);
    }
    String hex = new String(text, StandardCharsets.US_ASCII).strip();
    if (hex.length() != PUBLIC_KEY_HEX_CHARS) {
      throw new InvalidKeyException(
          where
              + ": neither a PEM \"PUBLIC KEY\" nor a "
              + PUBLIC_KEY_HEX_CHARS
              + "-hex-character compressed P-384 key ("
              + text.length
              + " bytes)");
    }
    return parsePublicKeyHex(hex, p384, where);
  }

  /**
   * A public key given on a command line: {@code hexOrPath} is either the 98-hex-character
   * compressed key or the path of a file {@link #readPublicKey(Path, P384)} accepts.
   */
  public static P384PublicKey readPublicKey(String hexOrPath, P384 p384)
      throws IOException, InvalidKeyException {
    String s = hexOrPath.strip();
    if (s.length() == PUBLIC_KEY_HEX_CHARS && isHex(s)) {
      return parsePublicKeyHex(s, p384, "public key argument");
    }
    Path file = Path.of(s);
    if (!Files.exists(file)) {
      throw new NoSuchFileException(
          s,
          null,
          "neither a " + PUBLIC_KEY_HEX_CHARS + "-hex-character public key nor an existing file");
    }
    return readPublicKey(file, p384);
  }

  /** The 49-byte compressed encoding of {@code key} as 98 lowercase hex characters. */
  public static String publicKeyHex(P384PublicKey key) {
    return HexFormat.of().formatHex(key.encoded());
  }

  /** Parses and validates 98 hex characters (either case) as a compressed P-384 public key. */
  public static P384PublicKey parsePublicKeyHex(String hex, P384 p384) throws InvalidKeyException {
    return parsePublicKeyHex(hex, p384, "public key");
  }

  private static P384PublicKey parsePublicKeyHex(String hex, P384 p384, String where)
      throws InvalidKeyException {
    if (hex.length() != PUBLIC_KEY_HEX_CHARS) {
      throw new InvalidKeyException(
          where
              + ": expected "
              + PUBLIC_KEY_HEX_CHARS
              + " hex characters (49-byte compressed P-384 key), got "
              + hex.length());
    }
    if (!isHex(hex)) {
      throw new InvalidKeyException(where + ": not a hex string");
    }
    try {
      return p384.decodePublicKey(HexFormat.of().parseHex(hex));
    } catch (InvalidKeyException e) {
      throw new InvalidKeyException(where + ": " + e.getMessage(), e);
    }
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 'f') {
        return false;
      }
    }
    return true;
  }

  private static byte[] readSmallFile(Path file) throws IOException, InvalidKeyException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString());
    }
    if (!Files.isRegularFile(file)) { // a FIFO or device would block the open, or never end
      throw new FileSystemException(
          file.toString(), null, "not a regular file (a key file must be one)");
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > MAX_FILE_SIZE) {
        throw new InvalidKeyException(file + ": too large for a key file (" + size + " bytes)");
      }
      ByteBuffer buf = ByteBuffer.allocate((int) size);
      while (buf.hasRemaining() && channel.read(buf) >= 0) {
        // read until full or end of file
      }
      byte[] out = Arrays.copyOf(buf.array(), buf.position());
      Arrays.fill(buf.array(), (byte) 0);
      return out;
    }
  }

  /** Writes {@code content} durably: new file (CREATE_NEW), or temp file + atomic rename. */
  private static void writeFile(Path file, byte[] content, boolean ownerOnly, boolean overwrite)
      throws IOException {
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    if (overwrite
        && Files.exists(abs, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(abs, LinkOption.NOFOLLOW_LINKS)) {
      // Never rename over a device node, a FIFO, a directory or a symbolic link.
      throw new FileSystemException(
          file.toString(), null, "exists and is not a regular file; refusing to replace it");
    }
    FileAttribute<?>[] attrs =
        ownerOnly && RatchetStoreFs.isPosix(abs.getFileSystem())
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    Set<StandardOpenOption> createNew =
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    Path written =
        overwrite
            ? dir.resolve(
                "." + abs.getFileName() + ".tmp-" + Long.toHexString(TEMP_NAMES.nextLong()))
            : abs;
    FileChannel channel;
    try {
      channel = FileChannel.open(written, createNew, attrs);
    } catch (FileAlreadyExistsException e) {
      throw new FileAlreadyExistsException(
          file.toString(), null, "refusing to overwrite an existing key file");
    }
    try {
      try (FileChannel c = channel) {
        ByteBuffer data = ByteBuffer.wrap(content);
        while (data.hasRemaining()) {
          c.write(data);
        }
        c.force(true);
      }
      if (overwrite) {
        Files.move(written, abs, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(written);
      } catch (IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    RatchetStoreFs.REAL.forceDirectory(dir);
  }
}
