package io.zssp.cli;

import io.zssp.api.AcceptDecision;
import io.zssp.api.ChallengePolicy;
import io.zssp.api.ContextConfig;
import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetStore;
import io.zssp.api.Session;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspEvent;
import io.zssp.api.ZsspSettings;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import io.zssp.udp.FileRatchetStore;
import io.zssp.udp.KeyFiles;
import io.zssp.udp.UdpEndpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.InvalidKeyException;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One ZSSP node of the command: static key, durable ratchet store, an endpoint on NIO or Netty
 * ({@link Transport}), and an application that prints one line per event and hands data to a
 * handler. Owns the endpoint and the store; {@link #close()} releases both.
 */
final class CliNode implements ZsspApplication, AutoCloseable {
  final CryptoProvider crypto;
  final P384KeyPair key;
  final PrintStream out;
  final String name;
  final boolean verbose;
  private final Predicate<P384PublicKey> allow;
  private final boolean strict;
  private final RatchetStore store;
  private final BiConsumer<Session, byte[]> onData;
  private final BiConsumer<Session, ZsspEvent> onEvent;

  /** Event lines, at most 5 per kind per second (issue 10: logs stay bounded under a flood). */
  private final LogThrottle log = new LogThrottle(5, System::nanoTime, this::print);

  NodeEndpoint endpoint;

  /** Everything a node is made from. */
  record Spec(
      String name,
      P384KeyPair key,
      RatchetStore store,
      InetSocketAddress bind,
      int mtu,
      boolean strict,
      ChallengePolicy challenge,
      Predicate<P384PublicKey> allow,
      ZsspSettings settings,
      boolean verbose,
      Implementation implementation,
      int handshakeWorkers,
      CryptoProvider crypto,
      Transport transport,
      BiConsumer<Session, byte[]> onData,
      BiConsumer<Session, ZsspEvent> onEvent) {}

  CliNode(Spec spec, PrintStream out) throws CliException {
    this.crypto = spec.crypto();
    this.key = spec.key();
    this.out = out;
    this.name = spec.name();
    this.verbose = spec.verbose();
    this.allow = spec.allow();
    this.strict = spec.strict();
    this.store = spec.store();
    this.onData = spec.onData();
    this.onEvent = spec.onEvent();
    ContextConfig.Builder config =
        ContextConfig.builder()
            .crypto(crypto)
            .staticKey(key)
            .application(this)
            .ratchetStore(store)
            .settings(spec.settings())
            .mtu(spec.mtu())
            .challengePolicy(spec.challenge());
    Function<ContextConfig, ZsspContext> implementation =
        spec.implementation().factory(spec.handshakeWorkers());
    try {
      endpoint =
          spec.transport() == Transport.NETTY
              ? NettyNodeEndpoint.start(spec.bind(), implementation, config, spec.mtu(), this)
              : NodeEndpoint.of(UdpEndpoint.start(spec.bind(), implementation, config));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(CliException.FAILED, "interrupted while binding " + spec.bind(), e);
    } catch (Exception e) { // Netty rethrows the bind's IOException unchecked
      throw new CliException(
          CliException.IO, "cannot bind " + spec.bind() + ": " + e.getMessage(), e);
    }
  }

  /** Reads a private key file into {@code crypto} (whose ECDH will use it), with a clear error. */
  static P384KeyPair readKey(String file, CryptoProvider crypto) throws CliException {
    try {
      return KeyFiles.readPrivateKey(Paths.get(file), crypto.p384());
    } catch (IOException | InvalidKeyException e) {
      throw new CliException(
          CliException.IO, "cannot read private key " + file + ": " + reason(e), e);
    }
  }

  /**
   * What went wrong, in words: the JDK's file exceptions often carry nothing but the path ("x: x"),
   * so the common ones are named here.
   */
  static String reason(Exception e) {
    String detail = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    } else if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    } else if (e instanceof java.nio.file.NotDirectoryException) {
      return "a path component is not a directory";
    } else if (e instanceof java.nio.file.FileAlreadyExistsException) {
      String why = ((java.nio.file.FileAlreadyExistsException) e).getReason();
      return why != null ? why : "already exists";
    } else if (e instanceof java.nio.file.FileSystemException) {
      String why = ((java.nio.file.FileSystemException) e).getReason();
      return why != null ? why : e.getClass().getSimpleName();
    }
    return detail.isEmpty() ? e.getClass().getSimpleName() : detail;
  }

  /** Reads a public key given as a file (PEM or hex) or as 98 hex characters. */
  static P384PublicKey readPeerKey(String fileOrHex) throws CliException {
    return readPeerKey(fileOrHex, DefaultCryptoProvider.create());
  }

  /** {@link #readPeerKey(String)}, decoded by {@code crypto}. */
  static P384PublicKey readPeerKey(String fileOrHex, CryptoProvider crypto) throws CliException {
    try {
      return KeyFiles.readPublicKey(fileOrHex, crypto.p384());
    } catch (IOException | InvalidKeyException e) {
      throw new CliException(
          CliException.IO, "cannot read peer public key " + fileOrHex + ": " + reason(e), e);
    }
  }

  /** Opens the durable store: {@code dir}, or FILE.ratchets next to the key file. */
  static FileRatchetStore openStore(String dir, String keyFile) throws CliException {
    return openStore(dir, keyFile, Integer.MAX_VALUE);
  }

  /** {@link #openStore(String, String)} capped at {@code maxRecords} (least recently used go). */
  static FileRatchetStore openStore(String dir, String keyFile, int maxRecords)
      throws CliException {
    Path path = storePath(dir, keyFile);
    try {
      FileRatchetStore store = FileRatchetStore.open(path, maxRecords);
      if (!store.corruptedRecords().isEmpty()) {
        System.err.println(
            "warning: corrupted ratchet records (left untouched): " + store.corruptedRecords());
      }
      return store;
    } catch (IOException e) {
      throw new CliException(
          CliException.IO, "cannot open ratchet store " + path + ": " + reason(e), e);
    }
  }

  /** The store directory: {@code dir}, or FILE.ratchets next to the key file. */
  static Path storePath(String dir, String keyFile) {
    return Paths.get(dir != null ? dir : keyFile + ".ratchets");
  }

  /** Parses HOST:PORT, [V6]:PORT or :PORT. */
  static InetSocketAddress parseAddress(String s) throws CliException {
    int colon = s.lastIndexOf(':');
    if (colon < 0) {
      throw CliException.usage("expected HOST:PORT, got '" + s + "'");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = Integer.parseInt(s.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw CliException.usage("port out of range in '" + s + "'");
      }
      InetSocketAddress a = new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, port);
      if (a.isUnresolved()) {
        throw CliException.usage("cannot resolve host '" + host + "'");
      }
      return a;
    } catch (NumberFormatException e) {
      throw CliException.usage("bad port in '" + s + "'");
    }
  }

  static String shortKey(P384PublicKey k) {
    return KeyFiles.publicKeyHex(k).substring(0, 16);
  }

  @Override
  public boolean helloRequiresRecognizedRatchet(PeerAddress from) {
    return strict;
  }

  @Override
  public AcceptDecision acceptSession(P384PublicKey peer, byte[] identity, PeerAddress from) {
    if (!allow.test(peer)) {
      print("rejected peer=" + shortKey(peer) + " from=" + from + " (not in --allow)");
      return AcceptDecision.reject(false);
    }
    return AcceptDecision.accept(strict, false, null);
  }

  @Override
  public void onData(Session session, byte[] payload, int off, int len) {
    deliver(session, java.util.Arrays.copyOfRange(payload, off, off + len));
  }

  /** A payload that is already a copy of its own (from the Netty transport). */
  void deliver(Session session, byte[] payload) {
    onData.accept(session, payload);
  }

  /** An error the transport reported; the node goes on (lines throttled like events). */
  void error(String line) {
    log.line("error", line);
  }

  @Override
  public void onEvent(ZsspEvent event) {
    String line = describe(event);
    if (line != null) {
      log.line(kind(event), line);
    }
    Session s = sessionOf(event);
    onEvent.accept(s, event);
  }

  private String describe(ZsspEvent e) {
    if (e instanceof ZsspEvent.SessionEstablished) {
      ZsspEvent.SessionEstablished x = (ZsspEvent.SessionEstablished) e;
      return "established peer="
          + shortKey(x.session().remoteStaticKey())
          + " at "
          + x.session().remoteAddress()
          + (x.downgraded() ? " (DOWNGRADED: ratchet reset)" : "");
    } else if (e instanceof ZsspEvent.Rekeyed) {
      ZsspEvent.Rekeyed x = (ZsspEvent.Rekeyed) e;
      return "rekeyed peer="
          + shortKey(x.session().remoteStaticKey())
          + " chain="
          + x.chainLength();
    } else if (e instanceof ZsspEvent.DowngradeWarning) {
      return "WARNING: ratchet downgrade with "
          + ((ZsspEvent.DowngradeWarning) e).session().remoteAddress()
          + " (the peer lost its ratchet state)";
    } else if (e instanceof ZsspEvent.SessionRejected) {
      return "rejected by peer " + ((ZsspEvent.SessionRejected) e).session().remoteAddress();
    } else if (e instanceof ZsspEvent.SessionClosed) {
      ZsspEvent.SessionClosed x = (ZsspEvent.SessionClosed) e;
      return "closed peer=" + x.session().remoteAddress() + " reason=" + x.reason();
    } else if (e instanceof ZsspEvent.ChallengeIssued) {
      return "challenge issued to " + ((ZsspEvent.ChallengeIssued) e).from();
    } else if (e instanceof ZsspEvent.ChallengeAnswered) {
      return "challenge answered ("
          + ((ZsspEvent.ChallengeAnswered) e).hashesComputed()
          + " hashes)";
    } else if (e instanceof ZsspEvent.Dropped && verbose) {
      ZsspEvent.Dropped x = (ZsspEvent.Dropped) e;
      return "dropped reason=" + x.reason() + " from=" + x.from();
    }
    return null;
  }

  /** What the throttle counts lines by: the event type, and for drops also the reason. */
  private static String kind(ZsspEvent e) {
    String type = e.getClass().getSimpleName();
    return e instanceof ZsspEvent.Dropped ? type + " " + ((ZsspEvent.Dropped) e).reason() : type;
  }

  private static Session sessionOf(ZsspEvent e) {
    if (e instanceof ZsspEvent.SessionEstablished) {
      return ((ZsspEvent.SessionEstablished) e).session();
    } else if (e instanceof ZsspEvent.Rekeyed) {
      return ((ZsspEvent.Rekeyed) e).session();
    } else if (e instanceof ZsspEvent.SessionRejected) {
      return ((ZsspEvent.SessionRejected) e).session();
    } else if (e instanceof ZsspEvent.SessionClosed) {
      return ((ZsspEvent.SessionClosed) e).session();
    }
    return null;
  }

  void print(String line) {
    synchronized (out) {
      out.println((name.isEmpty() ? "" : name + ": ") + line);
      out.flush();
    }
  }

  /** Parses --allow: comma-separated key files or hex keys; null/empty allows everyone. */
  static Predicate<P384PublicKey> allowList(String spec) throws CliException {
    if (spec == null || spec.isBlank()) {
      return k -> true;
    }
    Set<String> allowed = new java.util.HashSet<>();
    for (String item : spec.split(",")) {
      allowed.add(KeyFiles.publicKeyHex(readPeerKey(item.trim())));
    }
    return k -> allowed.contains(KeyFiles.publicKeyHex(k));
  }

  @Override
  public void close() {
    if (endpoint != null) {
      endpoint.close();
    }
    log.flush();
    if (store instanceof AutoCloseable) {
      try {
        ((AutoCloseable) store).close();
      } catch (Exception e) {
        System.err.println("warning: closing the ratchet store failed: " + e.getMessage());
      }
    }
  }
}
