/*
 * ZSSP handshake (XK: X1 -> X2 -> X3 -> C1 -> C2), KK rekey (K1 -> K2 -> C1 -> C2) and ratchet
 * persistence (ZSSP-SPEC §9), as the reference implementation does them
 * (reference/src/main/java/io/zssp/reference), plus the fork fix (the "fork fix" comments: Bob's
 * local state handling only; in the reference, not yet in the engine). See docs/MODEL.md for what is
 * abstracted and why, and "Forks" for the fix.
 *
 * Parameters (spin -D...): PI1 PI2 PI3 PI4 (security flags, §9.7; 0 or 1), NET (network capacity),
 * MAXID (fresh values: attempts, X2 and K2 generations), RESERVE (of which kept for the fair phase),
 * CRASHES, DUPS (fault budgets), RMAX (resends per state entry), NB2 (half-open table size).
 *
 * One process, every event atomic: deliver, lose, duplicate, a timer, a crash, the fair phase.
 */

#ifndef PI1
#define PI1 0
#endif
#ifndef PI2
#define PI2 0
#endif
#ifndef PI3
#define PI3 0
#endif
#ifndef PI4
#define PI4 0
#endif
#ifndef NET
#define NET 3
#endif
#ifndef MAXID
#define MAXID 13
#endif
#ifndef RESERVE
#define RESERVE 7
#endif
#ifndef CRASHES
#define CRASHES 1
#endif
#ifndef DUPS
#define DUPS 1
#endif
#ifndef RMAX
#define RMAX 1
#endif
#ifndef NB2
#define NB2 2
#endif

#define NONE 255
#define ZERO 0          /* the zero ratchet (rk = rf = 0^32) */
#define OTP 1           /* the ratchet both sides store after a one-time-password bootstrap (§9.2) */

/* packet types: the wire's type bytes (io.zssp.wire.PacketType) */
#define X1 0
#define X2 1
#define X3 2
#define C1 3
#define C2 4
#define K1 5
#define K2 6
#define D 7
#define FREE 255

/* session states (io.zssp.api.SessionState); CLOSED is the whitepaper's ⊥ */
#define CLOSED 0
#define A1 1
#define A3 2
#define S1 3
#define S2 4
#define R1 5
#define R2 6

/* a packet in flight. k: X1/X2 the attempt (kid_A), X3 the B2 generation, else the key set; p: the
   sender's PSK for key set k (X2: rk'); a, b: X1 rf1, rf2; X2 a = generation; X3 a = Alice's pair
   held the zero ratchet, b = Alice warned (ghosts); K1 b = psk0; K2 a = N, b = psk0 */
typedef Msg { byte t; bit toA; byte k; byte p; byte a; byte b }

/* one side: its session (at most one per peer, §9.8) and its ratchet store */
typedef Side {
  byte st;            /* SessionState */
  byte att;           /* Alice: the attempt (kid_A of the pending set) */
  byte cur; byte curP;        /* current key set: generation and the PSK it was derived with */
  byte oth; byte othP; bit othNext;   /* other key set (next or previous); NONE = kid only / none */
  byte r1; byte r2;   /* the session's in-memory ratchet pair (state1, state2) */
  byte kkN; byte kkP; /* R1: kkP = psk0 of our K1; R2: kkN = N of our K2, kkP its psk0 */
  bit restartOnResend;        /* T4 happened: restart at the next resend tick (B3) */
  byte resends;
  bit zeroOk; bit warned;     /* ghosts for X3 resends */
  byte s1; byte s2;   /* the stored pair (RatchetStore) */
  byte p1; byte p2    /* the stored pair before the last write (what a rollback restores) */
}

Msg net[NET];
Side A;               /* Alice: XK initiator; KK initiator or responder */
Side B;               /* Bob: XK responder; KK initiator or responder; was_bob */
byte b2g[NB2];        /* Bob's half-open (B2) entries: generation (= kid_B), NONE = free */
byte b2att[NB2];      /* the X1's attempt (kid_A) */
byte b2psk[NB2];      /* state' resolved from X1's fingerprints (rk' = rf') */
byte b2rf1[NB2];      /* the X1's rf1 (local, never on the wire): the fork fix (docs/MODEL.md) */
byte bLast;           /* the generation of the last B2 Bob accepted (0 = none since his start): a
                         B2 generation is fresh and increasing, so it orders Bob's B2 entries */

byte nextId = 2;      /* fresh values; 0 = zero ratchet, 1 = OTP ratchet */
bit fair;             /* the fair phase: no more faults, timers only when the network is quiet */
bit storeFault;       /* some store was rolled back or lost */
bit fairRekey;        /* a rekey was started in the fair phase */
bit forked;           /* ghost: a write left two intact stores without a common ratchet: the
                         chain forked (a straggler did that before the fork fix; docs/MODEL.md) */

/* "intact": no store was rolled back or lost, and the chain never forked (docs/MODEL.md). With
   -DSTRICT_INTACT the second half is dropped and a fork of intact stores is an assertion failure:
   with the fork fix it holds (without it the checker finds the straggler run). */
#ifdef STRICT_INTACT
#define INTACT (!storeFault)
#else
#define INTACT (!storeFault && !forked)
#endif
byte crashes; byte dups;

/* scratch (reset at the end of every step) */
Msg m; byte i; byte j; byte g; byte x; byte y; bit ok;

#define alloc(v) if :: nextId < (fair -> MAXID : MAXID - RESERVE) -> v = nextId; nextId++; ok = 1 \
                    :: else -> ok = 0 fi
#define canAlloc (nextId < (fair -> MAXID : MAXID - RESERVE))
#define netEmpty (net[0].t == FREE && (NET < 2 || net[1].t == FREE) && (NET < 3 || net[2].t == FREE) \
                  && (NET < 4 || net[3].t == FREE))
#define quiet (!fair || netEmpty)

/* choose a packet in flight (blocks if none): the first statement of an atomic step */
#define PICK if :: net[0].t != FREE -> i = 0 :: NET > 1 && net[1].t != FREE -> i = 1 \
                :: NET > 2 && net[2].t != FREE -> i = 2 :: NET > 3 && net[3].t != FREE -> i = 3 fi

/* both honest peers established on the same key set, with equal stored chains and nothing pending */
#define converged (A.st == S2 && B.st == S2 && A.cur == B.cur && A.s1 == B.s1 && A.s2 == NONE \
                   && B.s2 == NONE)

inline clearScratch() {
  m.t = 0; m.toA = 0; m.k = 0; m.p = 0; m.a = 0; m.b = 0; i = 0; j = 0; g = 0; x = 0; y = 0; ok = 0
}

/* fragment and send: the first free slot; a full network loses the packet */
inline send(T, TOA, K, P, AA, BB) {
  j = 0;
  do
  :: j < NET && net[j].t != FREE -> j++
  :: j < NET && net[j].t == FREE ->
     net[j].t = T; net[j].toA = TOA; net[j].k = K; net[j].p = P; net[j].a = AA; net[j].b = BB;
     break
  :: j == NET -> break
  od;
  j = 0
}

inline enter(S, st_) { S.st = st_; S.resends = 0 }

/* expiry (T10, T12, T19, T20): every key set and kid is gone */
inline expire(S) {
  S.st = CLOSED; S.att = 0; S.cur = NONE; S.curP = 0; S.oth = NONE; S.othP = 0; S.othNext = 0;
  S.r1 = 0; S.r2 = 0; S.kkN = 0; S.kkP = 0; S.restartOnResend = 0; S.resends = 0;
  S.zeroOk = 0; S.warned = 0
}

/* the stored pairs share no ratchet: neither side can resolve the other's fingerprints */
#define DISJOINT (!(A.s1 == B.s1 || A.s1 == B.s2 || (A.s2 != NONE && (A.s2 == B.s1 || A.s2 == B.s2))))

/* a store write (CAS already checked by the caller): remember the previous record for rollback */
inline store(S, n1, n2) {
  S.p1 = S.s1; S.p2 = S.s2; S.s1 = n1; S.s2 = n2; S.r1 = n1; S.r2 = n2;
  if
  :: DISJOINT && !storeFault ->  /* after a store fault, disjoint stores are that fault's doing */
     forked = 1;
#ifdef STRICT_INTACT
     assert(false)            /* intact stores always share a ratchet (docs/MODEL.md "Forks") */
#else
     skip
#endif
  :: else -> skip
  fi
}

#define casOk(S) (S.s1 == S.r1 && S.s2 == S.r2)

/* SWITCH (§11.2, SessionPackets.switchKeys): next becomes current, current becomes previous */
inline switchKeys(S) {
  x = S.cur; S.cur = S.oth; S.oth = x; x = S.curP; S.curP = S.othP; S.othP = x; S.othNext = 0;
  if :: S.oth == NONE -> S.othP = 0 :: else fi
}

/* ---------------------------------------------------------------- Alice: XK initiator */

/* T1 / T5 (InitiatorHandshake.start, restart): fresh kid_A, re-read the stored pair (B25), X1 */
inline aliceStart() {
  expire(A);
  A.att = g;
  A.r1 = A.s1; A.r2 = A.s2;
  enter(A, A1);
  send(X1, 0, A.att, 0, A.r1, (A.r2 == NONE -> 0 : A.r2))
}

/* X2 for the pending attempt (InitiatorHandshake.onX2, XkInitiator.readX2): PSK trials (§9.6) */
inline aliceX2() {
  if
  :: A.st == A1 && m.k == A.att ->
     /* trials: rk1, rk2 if present, the zero key unless π2; i = index of the success (3 = none) */
     if
     :: m.p == A.r1 -> i = 0
     :: else ->
        if
        :: A.r2 != NONE && m.p == A.r2 -> i = 1
        :: else ->
           if
           :: !PI2 && m.p == ZERO -> i = 2
           :: else -> i = 3
           fi
        fi
     fi;
     if
     :: i == 3 ->
        /* T4: authentication failure; restart at the next resend tick. Only the zero ratchet
           offered while Alice holds no zero state and π2 refuses it gets here. */
        assert(m.p == ZERO && PI2 && A.r1 != ZERO && A.r2 != ZERO);
        assert(!INTACT);      /* intact stores: the handshake is never refused */
        A.restartOnResend = 1
     :: else ->
        /* x = the kept state (state_i; the zero fallback keeps state2) */
        x = (i == 0 -> A.r1 : A.r2);
        if
        :: casOk(A) ->
           store(A, m.a, x);               /* CAS row 1 before X3: (N, state_i) */
           A.oth = m.a; A.othP = m.p; A.othNext = 1;
           A.zeroOk = (A.p1 == ZERO || A.p2 == ZERO);
           A.warned = (i == 2);            /* DowngradedRatchetKey (ZsspEvent.DowngradeWarning) */
           assert(!(A.warned && PI2));
           assert(A.warned == (m.p == ZERO && !A.zeroOk));  /* warned iff the zero key was a fallback */
           assert(!A.warned || !INTACT);   /* intact stores: never downgraded */
           A.restartOnResend = 0;
           enter(A, A3);
           send(X3, 0, A.oth, A.othP, A.zeroOk, A.warned)
        :: else -> skip   /* not reachable with one session per peer (see MODEL.md) */
        fi
     fi
  :: else -> skip         /* not A1 or another attempt's kid: dropped */
  fi
}

/* ---------------------------------------------------------------- Bob: XK responder */

/* T2 (ResponderHandshake.onX1): de-duplicate, resolve the PSK (§9.5, with the B1 fix), B2, X2 */
inline bobX1() {
  i = 0;
  do
  :: i < NB2 && b2g[i] != NONE && b2att[i] == m.k -> break
  :: i < NB2 && !(b2g[i] != NONE && b2att[i] == m.k) -> i++
  :: i == NB2 -> break
  od;
  if
  :: i < NB2 -> send(X2, 1, m.k, b2psk[i], b2g[i], 0)   /* §14.2: the same X2 again */
  :: else ->
     if
     :: m.a != ZERO && (m.a == B.s1 || m.a == B.s2) -> x = m.a
     :: else ->
        if
        :: m.b != ZERO && (m.b == B.s1 || m.b == B.s2) -> x = m.b
        :: else -> x = (PI1 -> NONE : ZERO)     /* π1: drop silently */
        fi
     fi;
     /* fork fix: an X1 whose rf1 Bob does not know, resolved by rf2 to the psk0 of the rekey Bob
        has pending (R1), comes from an Alice who stored that rekey's N (row 4), lost her session
        and opened again: the straggling K2 must not be accepted any more (it would store N, which
        Alice is about to give up), so the pending rekey's session is closed */
     if
     :: x != NONE && x == m.b && m.a != ZERO && m.a != B.s1 && m.a != B.s2 && B.st == R1 && B.kkP == x ->
        expire(B)
     :: else -> skip
     fi;
     if
     :: x != NONE ->
        alloc(g);
        if
        :: ok ->
           /* a full table evicts the oldest entry (HalfOpenTable) */
           if
           :: b2g[NB2 - 1] != NONE ->
              i = 0;
              do
              :: i < NB2 - 1 -> b2g[i] = b2g[i + 1]; b2att[i] = b2att[i + 1]; b2psk[i] = b2psk[i + 1];
                 b2rf1[i] = b2rf1[i + 1]; i++
              :: else -> break
              od;
              b2g[NB2 - 1] = NONE; b2att[NB2 - 1] = 0; b2psk[NB2 - 1] = 0; b2rf1[NB2 - 1] = 0
           :: else -> skip
           fi;
           i = 0;
           do
           :: b2g[i] != NONE -> i++
           :: else -> break
           od;
           b2g[i] = g; b2att[i] = m.k; b2psk[i] = x; b2rf1[i] = m.a;
           send(X2, 1, m.k, x, g, 0)
        :: else -> skip   /* out of fresh values: the bounded model drops the X1 */
        fi
     :: else -> skip
     fi
  fi
}

/* T6 / T7 / T8 (ResponderHandshake.onX3): claim the B2, Accept, fingerprint check with π3, CAS
   row 2, a new session (closing the old one, §9.8), C1 */
inline bobX3() {
  i = 0;
  do
  :: i < NB2 && b2g[i] != m.k -> i++
  :: else -> break
  od;
  if
  :: i < NB2 ->
     assert(m.p == b2psk[i]);   /* key agreement: Alice's PSK for this handshake is Bob's rk' */
     g = b2g[i]; x = b2psk[i];
     /* claimed exactly once */
     do
     :: i < NB2 - 1 -> b2g[i] = b2g[i + 1]; b2att[i] = b2att[i + 1]; b2psk[i] = b2psk[i + 1];
        b2rf1[i] = b2rf1[i + 1]; i++
     :: else -> break
     od;
     b2g[NB2 - 1] = NONE; b2att[NB2 - 1] = 0; b2psk[NB2 - 1] = 0; b2rf1[NB2 - 1] = 0;
     /* fork fix (docs/MODEL.md "Forks"), y = the state2 to keep: x, if a live (hence newer) B2 was
        opened by an X1 whose rf1 names the N this X3 confirms and was resolved to x, i.e. Alice
        abandoned N before Bob learnt it and is now handshaking on x; else none */
     y = NONE;
     for (i : 0 .. NB2 - 1) {
       if :: b2g[i] != NONE && b2rf1[i] == g && b2psk[i] == x -> y = x :: else -> skip fi
     }
     if
     :: x == B.s1 || (B.s2 != NONE && x == B.s2) -> ok = 1; i = 0          /* rf' in the pair */
     :: else -> if :: !PI3 && x == ZERO -> ok = 1; i = 1 :: else -> ok = 0 fi  /* downgraded */
     fi;
     if
     :: ok && g > bLast ->
        /* the zero ratchet against a record without it: Bob warns (NewDowngradedSession) */
        assert(i == (x == ZERO && B.s1 != ZERO && B.s2 != ZERO));
        assert(!(i && PI3));
        /* a downgrade to the zero ratchet is never silent: if Alice held no zero state, she
           warned (or, under π2, never got here) */
        assert(x != ZERO || m.a || m.b);
        assert(!(m.b && PI2));
        expire(B);                         /* Accept closes the other session (§9.8) */
        B.r1 = B.s1; B.r2 = B.s2;
        bLast = g;
        store(B, g, y);                    /* CAS row 2 before C1: (N, none), or (N, x) (fork fix) */
        assert(!i || !INTACT);             /* intact, unforked stores: never downgraded */
        B.cur = g; B.curP = x; B.oth = NONE;
        enter(B, S1);
        send(C1, 1, B.cur, B.curP, 0, 0)
     :: !ok && g > bLast ->
        /* T7: rejected; D unless π4 */
        if :: !PI4 -> send(D, 1, g, x, 0, 0) :: else -> skip fi
     :: else -> skip   /* fork fix: older than the B2 Bob last accepted (bLast), so a straggler of an
                          attempt Alice abandoned: dropped silently, it never rolls Bob back */
     fi
  :: else -> skip   /* no such B2 (claimed, expired, evicted): a late resend, dropped */
  fi
}

/* ---------------------------------------------------------------- both: session packets */

/* the key set of S addressed by key k: 1 current, 2 other (with keys), 0 none. Key agreement:
   when the kids match, the keys (the PSK each side derived the set from) are equal. */
#define setOf(S, k) (k != NONE && S.cur == k -> 1 : (k != NONE && S.oth == k -> 2 : 0))

inline keyCheck(S) {
  x = setOf(S, m.k);
  if
  :: x == 1 -> assert(m.p == S.curP)
  :: x == 2 -> assert(m.p == S.othP)
  :: else -> skip
  fi
}

/* C1 (SessionPackets.onC1): T9 (A3), T17 (R2), T18 */
inline onC1(S, TOA) {
  keyCheck(S);
  if
  :: x != 0 && (S.st == A3 || S.st == S1 || S.st == S2 || S.st == R1 || S.st == R2) ->
     if
     :: x == 2 && S.othNext && (S.st == A3 || S.st == R2) ->
        if
        :: S.r2 != NONE && !casOk(S) -> expire(S)    /* CAS row 3 conflict */
        :: else ->
           if :: S.r2 != NONE -> store(S, S.r1, NONE) :: else -> skip fi;   /* CAS row 3 */
           switchKeys(S);
           send(C2, TOA, S.cur, S.curP, 0, 0);
           enter(S, S2)
        fi
     :: else ->
        if :: S.st != A3 -> send(C2, TOA, S.cur, S.curP, 0, 0) :: else -> skip fi   /* T18 */
     fi
  :: else -> skip
  fi
}

/* C2 (onC2): T11 */
inline onC2(S) {
  keyCheck(S);
  if :: x == 1 && S.st == S1 -> enter(S, S2) :: else -> skip fi
}

/* D (onD): T10 */
inline onD(S) {
  keyCheck(S);
  if :: x == 2 && S.othNext && S.st == A3 -> expire(S) :: else -> skip fi
}

/* K1 (Rekey.onPacket, respond): T14 (S2, or R1 with was_bob), T15 tie-break, T19 */
inline onK1(S, TOA, WASBOB) {
  keyCheck(S);
  if
  :: x == 1 && (S.st == S2 || (S.st == R1 && WASBOB)) ->
     /* chains agree: the initiator's psk0 is our state1 (else the inner Noise fails: T19) */
     assert(m.b == S.r1);
     alloc(g);
     if
     :: !ok -> skip                /* out of fresh values: the bounded model drops the K1 */
     :: else ->
        S.oth = NONE; S.othNext = 0; S.othP = 0;     /* retire the other set */
        if
        :: casOk(S) ->
           x = S.r1;
           store(S, g, x);                           /* CAS row 4 before K2: (N, state1) */
           S.oth = g; S.othP = x; S.othNext = 1; S.kkN = g; S.kkP = x;
           enter(S, R2);
           send(K2, TOA, S.cur, S.curP, S.kkN, S.kkP)
        :: else -> expire(S)
        fi
     fi
  :: else -> skip
  fi
}

/* K2 (Rekey.complete): T16 */
inline onK2(S, TOA) {
  keyCheck(S);
  if
  :: x == 1 && S.st == R1 ->
     assert(m.b == S.kkP);         /* the responder keyed K2 with our psk0 */
     if
     :: casOk(S) ->
        store(S, m.a, NONE);       /* CAS row 5 before C1: (N, none) */
        S.oth = m.a; S.othP = S.kkP; S.othNext = 1;
        switchKeys(S);
        S.kkP = 0;
        enter(S, S1);
        send(C1, TOA, S.cur, S.curP, 0, 0)
     :: else -> expire(S)
     fi
  :: else -> skip
  fi
}

/* T13 (Rekey.start): retire the other set, K1 under the current kek, psk0 = state1 */
inline rekeyStart(S, TOA) {
  S.oth = NONE; S.othP = 0; S.othNext = 0;
  S.kkP = S.r1;
  enter(S, R1);
  send(K1, TOA, S.cur, S.curP, 0, S.kkP)
}

inline crash(S, mode) {
  expire(S);
  if
  :: mode == 1 -> S.s1 = S.p1; S.s2 = S.p2; storeFault = 1      /* rolled back */
  :: mode == 2 -> S.s1 = ZERO; S.s2 = NONE;                    /* lost: no record */
                  S.p1 = S.s1; S.p2 = NONE; storeFault = 1
  :: else -> skip                                                /* intact */
  fi
}

/* ---------------------------------------------------------------- the world */

active proctype World() {
  byte mode;
  atomic {
    for (i : 0 .. NET - 1) { net[i].t = FREE }
    for (i : 0 .. NB2 - 1) { b2g[i] = NONE }
    /* π1 peers are introduced by a one-time password (§9.2); others start from the zero state */
    A.s1 = (PI1 -> OTP : ZERO); A.s2 = NONE; A.p1 = A.s1; A.p2 = NONE;
    B.s1 = A.s1; B.s2 = NONE; B.p1 = B.s1; B.p2 = NONE;
    expire(A); expire(B);
    i = 0
  };
  do
  /* deliver any packet (reordering), in the fair phase too */
  :: atomic {
       PICK;
       m.t = net[i].t; m.toA = net[i].toA; m.k = net[i].k; m.p = net[i].p; m.a = net[i].a;
       m.b = net[i].b;
       net[i].t = FREE; net[i].toA = 0; net[i].k = 0; net[i].p = 0; net[i].a = 0; net[i].b = 0;
       printf("EVENT deliver %d to=%c k=%d p=%d a=%d b=%d\n", m.t, (m.toA -> 'A' : 'B'), m.k, m.p, m.a, m.b);
       if
       :: m.toA ->
          if
          :: m.t == X2 -> aliceX2()
          :: m.t == C1 -> onC1(A, 0)
          :: m.t == C2 -> onC2(A)
          :: m.t == D -> onD(A)
          :: m.t == K1 -> onK1(A, 0, 0)
          :: m.t == K2 -> onK2(A, 0)
          :: else -> skip
          fi
       :: else ->
          if
          :: m.t == X1 -> bobX1()
          :: m.t == X3 -> bobX3()
          :: m.t == C1 -> onC1(B, 1)
          :: m.t == C2 -> onC2(B)
          :: m.t == K1 -> onK1(B, 1, 1)
          :: m.t == K2 -> onK2(B, 1)
          :: else -> skip
          fi
       fi;
       clearScratch()
     }
  /* the network loses or duplicates (not in the fair phase) */
  :: atomic {
       !fair && !netEmpty; PICK;
       printf("EVENT lose %d to=%c k=%d\n", net[i].t, (net[i].toA -> 'A' : 'B'), net[i].k);
       net[i].t = FREE; net[i].toA = 0; net[i].k = 0; net[i].p = 0; net[i].a = 0; net[i].b = 0;
       clearScratch()
     }
  :: atomic {
       !fair && dups < DUPS && !netEmpty; PICK;
       dups++;
       printf("EVENT duplicate %d to=%c k=%d\n", net[i].t, (net[i].toA -> 'A' : 'B'), net[i].k);
       send(net[i].t, net[i].toA, net[i].k, net[i].p, net[i].a, net[i].b);
       clearScratch()
     }
  /* crash and restart with the store intact (0), rolled back (1) or lost (2) */
  :: atomic {
       !fair && crashes < CRASHES; crashes++;
       select (mode : 0 .. 2);
       if
       :: printf("EVENT crash A store=%d\n", mode); crash(A, mode)
       :: printf("EVENT crash B store=%d\n", mode); crash(B, mode);
          for (i : 0 .. NB2 - 1) { b2g[i] = NONE; b2att[i] = 0; b2psk[i] = 0; b2rf1[i] = 0 }
          bLast = 0;
       fi;
       mode = 0; clearScratch()
     }
  /* the faults stop: from now on every packet is delivered, and timers wait for a quiet network */
  :: atomic { !fair -> fair = 1; printf("EVENT fair\n") }
  /* the fair phase has re-established and done one rekey since: nothing more to see */
  :: atomic { fair && converged && fairRekey -> break }

  /* Alice's application opens a session (T1) */
  :: atomic { quiet && A.st == CLOSED && canAlloc -> alloc(g); printf("EVENT A open\n"); aliceStart(); clearScratch() }
  /* Alice's timers (ReferenceSession.service) */
  :: atomic {
       quiet && A.st == A1 && A.resends < RMAX && !A.restartOnResend -> A.resends++; printf("EVENT A resend X1\n");
       send(X1, 0, A.att, 0, A.r1, (A.r2 == NONE -> 0 : A.r2)); clearScratch()
     }
  :: atomic {
       quiet && (A.st == A1 || A.st == A3) && canAlloc ->   /* τ: timeout, or T4's restart */
       alloc(g); printf("EVENT A timeout %d\n", A.st); aliceStart(); clearScratch()
     }
  :: atomic {
       quiet && A.st == A3 && A.resends < RMAX -> A.resends++; printf("EVENT A resend X3\n");
       send(X3, 0, A.oth, A.othP, A.zeroOk, A.warned); clearScratch()
     }
  :: atomic { quiet && A.st == S1 && A.resends < RMAX -> A.resends++; printf("EVENT A resend C1\n"); send(C1, 0, A.cur, A.curP, 0, 0); clearScratch() }
  :: atomic { quiet && A.st == R1 && A.resends < RMAX -> A.resends++; printf("EVENT A resend K1\n"); send(K1, 0, A.cur, A.curP, 0, A.kkP); clearScratch() }
  :: atomic { quiet && A.st == R2 && A.resends < RMAX -> A.resends++; printf("EVENT A resend K2\n"); send(K2, 0, A.cur, A.curP, A.kkN, A.kkP); clearScratch() }
  :: atomic { quiet && (A.st == S1 || A.st == R1 || A.st == R2) -> printf("EVENT A timeout %d\n", A.st); expire(A) }   /* T12 */
  :: atomic {
       quiet && A.st == S2 && (!fair || !converged || !fairRekey) ->            /* T13 */
       fairRekey = fair; printf("EVENT A timeout 4\n"); rekeyStart(A, 0); clearScratch()
     }
  /* Bob's timers */
  :: atomic { quiet && B.st == S1 && B.resends < RMAX -> B.resends++; printf("EVENT B resend C1\n"); send(C1, 1, B.cur, B.curP, 0, 0); clearScratch() }
  :: atomic { quiet && B.st == R1 && B.resends < RMAX -> B.resends++; printf("EVENT B resend K1\n"); send(K1, 1, B.cur, B.curP, 0, B.kkP); clearScratch() }
  :: atomic { quiet && B.st == R2 && B.resends < RMAX -> B.resends++; printf("EVENT B resend K2\n"); send(K2, 1, B.cur, B.curP, B.kkN, B.kkP); clearScratch() }
  :: atomic { quiet && (B.st == S1 || B.st == R1 || B.st == R2) -> printf("EVENT B timeout %d\n", B.st); expire(B) }   /* T12 */
  :: atomic {
       quiet && B.st == S2 && (!fair || !converged || !fairRekey) ->            /* T13 */
       fairRekey = fair; printf("EVENT B timeout 4\n"); rekeyStart(B, 1); clearScratch()
     }
  :: atomic {                                                                   /* T8: B2 lifetime */
       quiet && b2g[0] != NONE -> printf("EVENT B expireB2 %d\n", b2g[0]);
       for (i : 0 .. NB2 - 2) {
         b2g[i] = b2g[i + 1]; b2att[i] = b2att[i + 1]; b2psk[i] = b2psk[i + 1]; b2rf1[i] = b2rf1[i + 1]
       }
       b2g[NB2 - 1] = NONE; b2att[NB2 - 1] = 0; b2psk[NB2 - 1] = 0; b2rf1[NB2 - 1] = 0;
       clearScratch()
     }
  od
}

/* liveness (docs/MODEL.md): once the faults stop, two peers re-establish and their chains
   converge. live_intact: unless a store was rolled back or lost or the chain forked; live_nofork:
   unless the chain forked (so a store fault alone must not lock them out); live_any: always */
ltl live_intact { [] (fair -> <> (converged || !INTACT)) }
ltl live_nofork { [] (fair -> <> (converged || forked)) }
ltl live_any { [] (fair -> <> converged) }
