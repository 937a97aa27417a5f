/**
 * ZSSP over real UDP: the {@link io.zssp.udp.UdpEndpoint} that drives a context of either
 * implementation (the engine by default), the durable {@link io.zssp.udp.FileRatchetStore} and
 * P-384 key files.
 */
module io.zssp.udp {
  requires transitive io.zssp.api;
  requires io.zssp.crypto;
  requires io.zssp.engine;
  requires org.bouncycastle.provider;

  exports io.zssp.udp;
}
