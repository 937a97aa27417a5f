/** The {@code zssp} command ({@code java -m io.zssp.cli/io.zssp.cli.Zssp}); it exports no API. */
module io.zssp.cli {
  requires io.zssp.api;
  requires io.zssp.crypto;
  requires io.zssp.crypto.accp;
  requires io.zssp.engine;
  requires io.zssp.reference;
  requires io.zssp.udp;
  requires io.zssp.store.jdbc;
  requires org.postgresql.jdbc; // PGSimpleDataSource for --store postgresql://
  requires com.zaxxer.hikari; // its pool
  requires java.sql;
  requires io.zssp.netty;
  requires io.zssp.micrometer;
  requires micrometer.registry.prometheus;
  requires jdk.httpserver;
}
