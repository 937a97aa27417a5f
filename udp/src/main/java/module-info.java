/**
 * ZSSP over real UDP: the {@link io.zssp.udp.UdpEndpoint} that drives any context, the durable
 * {@link io.zssp.udp.FileRatchetStore} and P-384 key files.
 */
module io.zssp.udp {
  requires transitive io.zssp.api;
  requires io.zssp.crypto;
  requires org.bouncycastle.provider;

  exports io.zssp.udp;
}
