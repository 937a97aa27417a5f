/**
 * JMH benchmarks of the primitives ZSSP uses, each through the same code path the protocol calls
 * (the {@link io.zssp.crypto.CryptoProvider} SPI), with the alternatives we decided against beside
 * them so that every choice in docs/BENCHMARKS.md is backed by a side-by-side number.
 *
 * <p>Run: {@code mvn -q -B -pl bench -am package -DskipTests && java -jar
 * bench/target/benchmarks.jar}.
 */
package io.zssp.bench;
