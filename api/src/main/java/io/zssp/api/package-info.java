/**
 * The public ZSSP API: protocol constants under the specification's names, settings, ratchet state,
 * and (as the implementation grows) the sans-IO context, session and application-callback
 * interfaces that both the reference implementation and the engine implement.
 *
 * <p><b>Thread safety</b> is stated once per type; value types here are immutable.
 */
package io.zssp.api;
