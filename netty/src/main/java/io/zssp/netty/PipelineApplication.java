package io.zssp.netty;

import io.zssp.api.AcceptDecision;
import io.zssp.api.PeerAddress;
import io.zssp.api.Session;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspEvent;
import io.zssp.crypto.P384PublicKey;

/**
 * The application a {@link ZsspTransport} installs: decisions go to the {@link SessionAcceptor},
 * payloads and events to a pipeline, the one of the channel whose event-loop call produced them or
 * else the one the peer's address hashes to. Thread-safe (stateless beyond its two references).
 */
final class PipelineApplication implements ZsspApplication {
  private final ZsspTransport transport;
  private final SessionAcceptor acceptor;

  PipelineApplication(ZsspTransport transport, SessionAcceptor acceptor) {
    this.transport = transport;
    this.acceptor = acceptor;
  }

  @Override
  public boolean helloRequiresRecognizedRatchet(PeerAddress from) {
    try {
      return acceptor.helloRequiresRecognizedRatchet(from);
    } catch (RuntimeException e) {
      transport.report(transport.current(), e);
      return true; // refuse what the application could not decide
    }
  }

  @Override
  public AcceptDecision acceptSession(P384PublicKey remote, byte[] identity, PeerAddress from) {
    try {
      return acceptor.acceptSession(remote, identity, from);
    } catch (RuntimeException e) {
      transport.report(transport.current(), e);
      return AcceptDecision.reject(true);
    }
  }

  @Override
  public void onData(Session session, byte[] payload, int off, int len) {
    ZsspDatagramHandler h = transport.current();
    if (h != null) {
      h.deliver(session, payload, off, len, true);
      return;
    }
    h = transport.handlerFor(session.remoteAddress());
    if (h != null) {
      h.deliver(session, payload, off, len, false);
    }
  }

  @Override
  public void onEvent(ZsspEvent event) {
    ZsspDatagramHandler h = transport.current();
    if (h != null) {
      h.fireEvent(event, true);
      return;
    }
    h = transport.handlerFor(peerOf(event));
    if (h != null) {
      h.fireEvent(event, false);
    }
  }

  /** The peer an event concerns, for choosing a channel; null if none. */
  static PeerAddress peerOf(ZsspEvent e) {
    Session s = null;
    if (e instanceof ZsspEvent.SessionEstablished) {
      s = ((ZsspEvent.SessionEstablished) e).session();
    } else if (e instanceof ZsspEvent.DowngradeWarning) {
      s = ((ZsspEvent.DowngradeWarning) e).session();
    } else if (e instanceof ZsspEvent.Rekeyed) {
      s = ((ZsspEvent.Rekeyed) e).session();
    } else if (e instanceof ZsspEvent.SessionRejected) {
      s = ((ZsspEvent.SessionRejected) e).session();
    } else if (e instanceof ZsspEvent.SessionClosed) {
      s = ((ZsspEvent.SessionClosed) e).session();
    } else if (e instanceof ZsspEvent.ChallengeAnswered) {
      s = ((ZsspEvent.ChallengeAnswered) e).session();
    } else if (e instanceof ZsspEvent.ChallengeIssued) {
      return ((ZsspEvent.ChallengeIssued) e).from();
    } else if (e instanceof ZsspEvent.Dropped) {
      return ((ZsspEvent.Dropped) e).from();
    }
    return s == null ? null : s.remoteAddress();
  }
}
