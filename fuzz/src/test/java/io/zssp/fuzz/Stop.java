package io.zssp.fuzz;

/**
 * Where a {@link HandshakeFixture} stops the protocol, named after the whitepaper state that the
 * stop is about (ZSSP-SPEC §11). The datagram that would move the protocol on is held back.
 */
public enum Stop {
  /** Alice sent X1 (held): Alice in A1, Bob has nothing yet. */
  A1,
  /** Bob answered X1 with X2 (held): one half-open B2 entry on Bob, Alice still in A1. */
  B2,
  /** Alice answered X2 with X3 (held): Alice in A3. */
  A3,
  /** Bob accepted X3 and sent C1 (held): Bob's session in S1. */
  S1,
  /** Both in S2 after key confirmation and data both ways; more data each way is held. */
  S2,
  /** Alice's rekey timer fired and she sent K1 (held): Alice in R1. */
  R1,
  /** Bob answered K1 with K2 (held): Bob in R2. */
  R2,
  /** Alice took K2 and sent C1 under the new keys (held): Alice back in S1 as the KK initiator. */
  KK
}
