package io.zssp.conformance.sim;

import io.zssp.api.ZsspEvent.CloseReason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;

/** What one simulated peer's application saw and did (mutable counters, one thread). */
final class SimStats {
  long opens;
  long handshakeReopens;
  long silenceReopens;
  long restarts;

  /** Initiator sessions established (C1 received in A3). */
  long established;

  /** Responder sessions accepted (NewSession + NewDowngradedSession). */
  long accepted;

  /** Responder sessions accepted with the zero ratchet although a record existed. */
  long acceptedDowngraded;

  /** Initiator zero-key fallbacks (DowngradedRatchetKey). */
  long downgradeWarnings;

  long rejected;
  long rekeys;
  long challengesIssued;
  long payloadsSent;
  long payloadsDelivered;
  final EnumMap<CloseReason, Long> closed = new EnumMap<>(CloseReason.class);

  /** The stored chain length at every session establishment (either role), in order. */
  final List<Long> chainAtEstablishment = new ArrayList<>();

  /** "sessionId@chainLength" of every Rekeyed event, in order. */
  final List<String> rekeyLog = new ArrayList<>();

  long closed(CloseReason reason) {
    return closed.getOrDefault(reason, 0L);
  }

  /** Closes for any reason other than the application's and the harness's own. */
  long unexpectedCloses() {
    long n = 0;
    for (var e : closed.entrySet()) {
      if (e.getKey() != CloseReason.CLOSED_BY_APPLICATION
          && e.getKey() != CloseReason.CONTEXT_CLOSED) {
        n += e.getValue();
      }
    }
    return n;
  }

  @Override
  public String toString() {
    return "opens="
        + opens
        + " established="
        + established
        + " accepted="
        + accepted
        + " downgradedAccepts="
        + acceptedDowngraded
        + " downgradeWarnings="
        + downgradeWarnings
        + " rejected="
        + rejected
        + " rekeys="
        + rekeys
        + " restarts="
        + restarts
        + " reopens="
        + handshakeReopens
        + "+"
        + silenceReopens
        + " closed="
        + closed
        + " payloads sent="
        + payloadsSent
        + " delivered="
        + payloadsDelivered;
  }
}
