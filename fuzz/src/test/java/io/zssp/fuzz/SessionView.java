package io.zssp.fuzz;

/**
 * What a session holds that only an authenticated packet may change (read by a {@link FuzzProbe};
 * no key bytes). Key sets are named by identity, key ids and use count, so replacing, completing or
 * using one shows. Equal views mean "unchanged".
 *
 * @param replayWindow a digest of the anti-replay window's fields (it is updated only after a
 *     packet authenticated, §10.2)
 * @param restart Alice's pending restart after an X2 that failed authentication (T4) and its
 *     backoff, with the resend timer that carries it (§11.3 T4, §11.4): the one change an X2 that
 *     passes the header checks may make without authenticating, compared only outside A1
 */
public record SessionView(
    String state,
    String address,
    String current,
    String other,
    boolean otherIsNext,
    String ratchet,
    long sendCounter,
    String replayWindow,
    long timeoutAt,
    String restart,
    String handshake,
    String rekey) {

  /** The view without the T4 restart fields (for a session in A1 before and after). */
  SessionView withoutRestart() {
    return new SessionView(
        state,
        address,
        current,
        other,
        otherIsNext,
        ratchet,
        sendCounter,
        replayWindow,
        timeoutAt,
        "-",
        handshake,
        rekey);
  }
}
