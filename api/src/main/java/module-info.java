/**
 * The public ZSSP API that every implementation serves: the sans-IO context and session, the
 * application callbacks, settings, ratchet state and its store SPI, events and drop reasons.
 */
module io.zssp.api {
  requires transitive io.zssp.crypto;

  exports io.zssp.api;
}
