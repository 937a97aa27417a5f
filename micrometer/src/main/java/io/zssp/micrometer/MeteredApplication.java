package io.zssp.micrometer;

import io.zssp.api.AcceptDecision;
import io.zssp.api.PeerAddress;
import io.zssp.api.Session;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspEvent;
import io.zssp.crypto.P384PublicKey;

/**
 * {@link ZsspMetrics#observe}: the application's own callbacks, with every event shown to the
 * metrics first. Adds no state and no lock, so it is as thread-safe as the application it wraps.
 */
final class MeteredApplication implements ZsspApplication {
  private final ZsspApplication application;
  private final ZsspMetrics metrics;

  MeteredApplication(ZsspApplication application, ZsspMetrics metrics) {
    this.application = application;
    this.metrics = metrics;
  }

  @Override
  public boolean helloRequiresRecognizedRatchet(PeerAddress from) {
    return application.helloRequiresRecognizedRatchet(from);
  }

  @Override
  public AcceptDecision acceptSession(
      P384PublicKey remoteStaticKey, byte[] identity, PeerAddress from) {
    return application.acceptSession(remoteStaticKey, identity, from);
  }

  @Override
  public void onData(Session session, byte[] payload, int off, int len) {
    application.onData(session, payload, off, len);
  }

  @Override
  public void onEvent(ZsspEvent event) {
    metrics.onEvent(event);
    application.onEvent(event);
  }

  @Override
  public String toString() {
    return "MeteredApplication[" + application + "]";
  }
}
