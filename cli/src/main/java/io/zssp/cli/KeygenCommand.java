package io.zssp.cli;

import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384KeyPair;
import io.zssp.udp.KeyFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;

/** {@code zssp keygen --out FILE [--force]}: a new static P-384 key pair. */
final class KeygenCommand {
  private KeygenCommand() {}

  static int run(String[] argv, PrintStream out) throws CliException {
    Args args = Args.parse(argv, 1, Set.of("out"), Set.of("force"));
    Path file = Paths.get(args.require("out"));
    Path pub = Paths.get(file + ".pub");
    boolean force = args.flag("force");
    P384KeyPair key = DefaultCryptoProvider.create().p384().generateKeyPair();
    try {
      KeyFiles.writePrivateKey(file, key, force);
      KeyFiles.writePublicKey(pub, key.publicKey(), force);
    } catch (IOException e) {
      String where =
          e instanceof java.nio.file.FileSystemException
                  && ((java.nio.file.FileSystemException) e).getFile() != null
              ? ((java.nio.file.FileSystemException) e).getFile()
              : file.toString();
      throw new CliException(
          CliException.IO, "cannot write key file " + where + ": " + CliNode.reason(e), e);
    } finally {
      key.destroy();
    }
    out.println("private key: " + file);
    out.println("public key:  " + pub);
    out.println("public key (hex): " + KeyFiles.publicKeyHex(key.publicKey()));
    return CliException.OK;
  }
}
