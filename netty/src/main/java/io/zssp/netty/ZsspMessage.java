package io.zssp.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.zssp.api.Session;
import java.util.Objects;

/**
 * Plaintext of one ZSSP payload and the session it belongs to: what a {@link ZsspDatagramHandler}
 * fires to the next inbound handler for every decrypted payload, and what the application writes to
 * the pipeline to send one.
 *
 * <p><b>Ownership.</b> A reference-counted holder of its {@link #content()}, like every {@code
 * ByteBufHolder}: whoever holds it releases it once. Received, it belongs to the handler it was
 * fired to; written, it belongs to the ZSSP handler, which releases it after sealing (or failing to
 * send) it. Immutable apart from the buffer's own state; the buffer belongs to one thread at a
 * time.
 */
public final class ZsspMessage extends DefaultByteBufHolder {
  private final Session session;

  /**
   * A message of {@code content} (its readable bytes) on {@code session}; takes ownership of {@code
   * content}.
   */
  public ZsspMessage(Session session, ByteBuf content) {
    super(content);
    this.session = Objects.requireNonNull(session, "session");
  }

  /** The session the payload came from, or is to be sent on. */
  public Session session() {
    return session;
  }

  @Override
  public ZsspMessage copy() {
    return replace(content().copy());
  }

  @Override
  public ZsspMessage duplicate() {
    return replace(content().duplicate());
  }

  @Override
  public ZsspMessage retainedDuplicate() {
    return replace(content().retainedDuplicate());
  }

  /** The same session with another content (this message's content is left as it is). */
  @Override
  public ZsspMessage replace(ByteBuf content) {
    return new ZsspMessage(session, content);
  }

  @Override
  public ZsspMessage retain() {
    super.retain();
    return this;
  }

  @Override
  public ZsspMessage retain(int increment) {
    super.retain(increment);
    return this;
  }

  @Override
  public ZsspMessage touch() {
    super.touch();
    return this;
  }

  @Override
  public ZsspMessage touch(Object hint) {
    super.touch(hint);
    return this;
  }

  @Override
  public String toString() {
    return "ZsspMessage(" + session.remoteAddress() + ", " + contentToString() + ")";
  }
}
