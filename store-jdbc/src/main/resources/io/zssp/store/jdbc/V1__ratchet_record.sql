-- zssp-store-jdbc schema version 1: one ratchet record per peer (ZSSP-SPEC §9.1, §9.3).
-- ${schema} is replaced by the store's schema (a validated, quoted identifier). Run by
-- JdbcRatchetStore inside one transaction holding the store's advisory lock; an operator may also
-- run it by hand (then insert version 1 into ${schema}.schema_version).

CREATE TABLE ${schema}.ratchet_record (
  -- The peer's static public key (normally its 49-byte compressed encoding).
  peer       bytea       NOT NULL PRIMARY KEY,
  -- state1: ratchet key (secret), fingerprint, chain length.
  rk1        bytea       NOT NULL,
  rf1        bytea       NOT NULL,
  chain1     bigint      NOT NULL,
  -- state2, all three or none.
  rk2        bytea,
  rf2        bytea,
  chain2     bigint,
  -- SHA-256 of the record as FileRatchetStore encodes it (ratchet_checksum below); verified on
  -- every read and by every compare-and-swap.
  checksum   bytea       NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ratchet_record_state2_whole
    CHECK ((rk2 IS NULL) = (rf2 IS NULL) AND (rf2 IS NULL) = (chain2 IS NULL))
);

-- The fingerprint index (ZSSP-SPEC §9.3 rule 4): restore by fingerprint reads these two.
CREATE INDEX ratchet_record_rf1 ON ${schema}.ratchet_record (rf1);
CREATE INDEX ratchet_record_rf2 ON ${schema}.ratchet_record (rf2) WHERE rf2 IS NOT NULL;

-- The checksum of a record: SHA-256 over FileRatchetStore's record format version 1 (magic "ZSRS",
-- version 1, flags bit 0 = state2 present, 2-byte peer key length, peer key, state1 as 32 rk +
-- 32 rf + 8 chain length big-endian, state2 likewise if present). Null if a part is missing.
CREATE FUNCTION ${schema}.ratchet_checksum(
    peer bytea, rk1 bytea, rf1 bytea, chain1 bigint, rk2 bytea, rf2 bytea, chain2 bigint)
  RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT pg_catalog.sha256(
    pg_catalog.decode('5a53525301', 'hex')
    || CASE WHEN rf2 IS NULL THEN pg_catalog.decode('00', 'hex') ELSE pg_catalog.decode('01', 'hex') END
    || pg_catalog.int2send(pg_catalog.octet_length(peer)::int2) || peer
    || rk1 || rf1 || pg_catalog.int8send(chain1)
    || CASE WHEN rf2 IS NULL THEN pg_catalog.decode('', 'hex') ELSE rk2 || rf2 || pg_catalog.int8send(chain2) END)
$$;
