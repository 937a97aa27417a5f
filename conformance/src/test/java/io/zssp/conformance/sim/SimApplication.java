package io.zssp.conformance.sim;

import io.zssp.api.AcceptDecision;
import io.zssp.api.PeerAddress;
import io.zssp.api.Role;
import io.zssp.api.Session;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspEvent;
import io.zssp.crypto.P384PublicKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The application of one {@link SimPeer} process generation. It sets π1 and, at Accept, π3/π4 from
 * the peer's {@link SecurityFlags}; accepts every known peer and closes that peer's previous
 * session first (the §9.8 policy: at most one live session per peer); hands every payload to the
 * {@link PayloadLedger}; counts events. Once its process has died it ignores callbacks (and reports
 * data delivered by the dead context as a violation).
 */
final class SimApplication implements ZsspApplication {
  private final SimPeer peer;
  private final int gen;

  SimApplication(SimPeer peer, int gen) {
    this.peer = peer;
    this.gen = gen;
  }

  private boolean current() {
    return gen == peer.generation();
  }

  @Override
  public boolean helloRequiresRecognizedRatchet(PeerAddress from) {
    return peer.flags.pi1();
  }

  @Override
  public AcceptDecision acceptSession(P384PublicKey key, byte[] identity, PeerAddress from) {
    SimPeer remote = peer.world().peerOf(key);
    if (!current() || remote == null) {
      return AcceptDecision.reject(true);
    }
    String s = new String(identity, StandardCharsets.UTF_8);
    String id = s.substring(0, Math.max(0, s.indexOf('|')));
    Session old = peer.liveSession(remote);
    if (old != null) {
      peer.trace().add("accepting " + id + ": closing " + SimPeer.sessionId(old));
      old.close();
    }
    return AcceptDecision.accept(peer.flags.pi3(), peer.flags.pi4(), id);
  }

  @Override
  public void onData(Session session, byte[] payload, int off, int len) {
    SimWorld world = peer.world();
    if (!current()) {
      world.violation(peer.name + ": data delivered by a closed context");
      return;
    }
    SimPeer remote = world.peerOf(session.remoteStaticKey());
    peer.heard(remote);
    peer.stats.payloadsDelivered++;
    world.ledger.onData(peer, remote, session, Arrays.copyOfRange(payload, off, off + len));
  }

  @Override
  public void onEvent(ZsspEvent event) {
    if (!current() || event instanceof ZsspEvent.Dropped) {
      return; // drops are counted by the context (dropCounts)
    }
    SimStats st = peer.stats;
    SimWorld world = peer.world();
    if (event instanceof ZsspEvent.SessionEstablished e) {
      Session s = e.session();
      boolean initiator = s.role() == Role.INITIATOR;
      if (initiator) {
        st.established++;
      } else {
        st.accepted++;
        st.acceptedDowngraded += e.downgraded() ? 1 : 0;
      }
      long chain = peer.storedPairFor(world.peerOf(s.remoteStaticKey())).state1().chainLength();
      st.chainAtEstablishment.add(chain);
      peer.trace()
          .add(
              (initiator ? "established " : "accepted ")
                  + SimPeer.sessionId(s)
                  + (e.downgraded() ? " DOWNGRADED" : "")
                  + " chain="
                  + chain);
      peer.onEstablished(s, initiator, world.peerOf(s.remoteStaticKey()));
    } else if (event instanceof ZsspEvent.Rekeyed e) {
      st.rekeys++;
      st.rekeyLog.add(SimPeer.sessionId(e.session()) + "@" + e.chainLength());
      peer.trace().add("rekeyed " + SimPeer.sessionId(e.session()) + " chain=" + e.chainLength());
    } else if (event instanceof ZsspEvent.DowngradeWarning e) {
      st.downgradeWarnings++;
      peer.trace().add("DOWNGRADE WARNING " + SimPeer.sessionId(e.session()));
    } else if (event instanceof ZsspEvent.SessionRejected e) {
      st.rejected++;
      peer.trace().add("rejected " + SimPeer.sessionId(e.session()));
      peer.onEnded(e.session(), world.peerOf(e.session().remoteStaticKey()));
    } else if (event instanceof ZsspEvent.SessionClosed e) {
      st.closed.merge(e.reason(), 1L, Long::sum);
      peer.trace().add("closed " + SimPeer.sessionId(e.session()) + " " + e.reason());
      peer.onEnded(e.session(), world.peerOf(e.session().remoteStaticKey()));
    } else if (event instanceof ZsspEvent.ChallengeIssued) {
      st.challengesIssued++;
    }
  }
}
