package io.zssp.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.zssp.api.DataTooLargeException;
import io.zssp.api.PeerAddress;
import io.zssp.api.ProtocolConstants;
import io.zssp.api.Role;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.crypto.P384PublicKey;
import io.zssp.testkit.VectorFiles;
import java.security.InvalidKeyException;

/**
 * The FAKE session of {@link CannedContext} (harness self-test only): {@link #send} and {@link
 * #close} play the next recorded step; a send the transcript records as DataTooLarge throws it and,
 * as in our implementation, uses no counter.
 */
final class CannedSession implements Session {
  private final CannedContext ctx;
  private final Role role;
  private final Object attachment;
  private final int mtu;
  private SessionState state;
  private int tooLarge;

  CannedSession(CannedContext ctx, Role role, Object attachment, int mtu) {
    this.ctx = ctx;
    this.role = role;
    this.attachment = attachment;
    this.mtu = mtu;
    this.state = CannedContext.initialState(role);
  }

  void established() {
    state = SessionState.S2;
  }

  void terminate() {
    state = SessionState.CLOSED;
    ctx.closed(this);
  }

  int tooLarge() {
    return tooLarge;
  }

  @Override
  public Role role() {
    return role;
  }

  @Override
  public SessionState state() {
    return state;
  }

  @Override
  public P384PublicKey remoteStaticKey() {
    try {
      return ctx.crypto()
          .p384()
          .decodePublicKey(
              VectorFiles.hex(
                  ctx.transcript().side(Transcript.other(ctx.side())), "static_public"));
    } catch (InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public PeerAddress remoteAddress() {
    return ctx.other();
  }

  @Override
  public Object attachment() {
    return attachment;
  }

  /** The fake measures nothing. */
  @Override
  public long handshakeMillis() {
    return -1;
  }

  @Override
  public int maxPayloadSize() {
    return ProtocolConstants.maxPayloadSize(mtu);
  }

  @Override
  public void send(byte[] data, int off, int len) throws DataTooLargeException {
    JsonNode s = ctx.next("send");
    if (s.get("result").path("error").asText().equals("DataTooLarge")) {
      ctx.play(s, this);
      tooLarge++;
      throw new DataTooLargeException(len, maxPayloadSize());
    }
    ctx.play(s, this);
  }

  @Override
  public void close() {
    if (state == SessionState.CLOSED) {
      return;
    }
    terminate();
    if (ctx.pending("close_sessions")) {
      ctx.play(ctx.next("close_sessions"), this);
    }
  }
}
