/**
 * CRYSTALS-Kyber: the lattice core (CPAPKE over R_q^k, NTT, sampling, compression) shared by every
 * variant, and the round-3 Kyber1024 KEM that ZSSP v0.4.0 uses on the wire.
 *
 * <p>Layering: {@link io.zssp.crypto.kyber.Reduce} and {@link io.zssp.crypto.kyber.Ntt} do the
 * arithmetic mod q = 3329; {@link io.zssp.crypto.kyber.Poly} holds polynomial operations and the
 * byte encodings; {@link io.zssp.crypto.kyber.Sampler} turns seeds into polynomials; {@link
 * io.zssp.crypto.kyber.KyberCpaPke} is the IND-CPA encryption scheme; {@link
 * io.zssp.crypto.kyber.Kyber1024Round3} adds the round-3 Fujisaki–Okamoto transform. An ML-KEM-1024
 * (FIPS 203) variant needs only a second FO layer: its key generation seeds the CPAPKE with G(d ‖
 * k), its encapsulation skips the hash of the coins, and its shared secret is K̄ itself (or
 * SHAKE-256(z ‖ c) on rejection). Everything below the FO layer is identical.
 *
 * <p><b>Constant time.</b> No branch and no array index depends on secret data: reductions are
 * Montgomery/Barrett multiplications, compression uses a multiply-and-shift instead of division by
 * q (the KyberSlash fix), the message bit decode is arithmetic, and the FO re-encryption check and
 * key selection use masks. Rejection sampling of the public matrix branches on public seed bytes
 * only. The JIT gives no formal guarantee, but nothing here invites it to branch on a secret.
 *
 * <p><b>Wiping.</b> Every secret array (seeds, K̄ ‖ r, m, noise polynomials, secret-key copies) is
 * zeroed before an operation returns. Secrets that live only in locals, JIT register spills or
 * BouncyCastle's Keccak permutation locals cannot be wiped from Java.
 */
package io.zssp.crypto.kyber;
