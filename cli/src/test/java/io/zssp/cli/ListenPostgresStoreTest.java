package io.zssp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.store.jdbc.testing.TestDatabase;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code listen --store postgresql://…}: a listener in this JVM whose ratchet records live in
 * PostgreSQL, {@code connect}s against it across a restart of the listener, and the refusals (a
 * password in the URL, a malformed URL, a record cap) and an unreachable server at start. Only the
 * first test needs a server ({@link TestDatabase}, shared from store-jdbc's tests); the others run
 * everywhere.
 */
class ListenPostgresStoreTest {
  @TempDir Path dir;
  private CommandRunner zssp;
  private String schema;

  /** The {@code --store} value for the test database, schema {@code schema}. */
  static String storeOption(String schema) {
    URI u = URI.create(TestDatabase.URL.substring("jdbc:".length()));
    int port = u.getPort() < 0 ? 5432 : u.getPort();
    return "postgresql://"
        + u.getHost()
        + ":"
        + port
        + u.getPath()
        + "?user="
        + TestDatabase.USER
        + "&schema="
        + schema;
  }

  @BeforeEach
  void runner() {
    zssp = new CommandRunner(dir);
  }

  @AfterEach
  void dropSchema() throws Exception {
    StoreOption.environment = System::getenv;
    if (schema != null) {
      TestDatabase.dropSchema(schema);
    }
  }

  @Test
  void listenOnPostgres_echoes_andASecondConnectAfterARestartContinuesTheChain() throws Exception {
    TestDatabase.requireServer();
    schema = TestDatabase.newSchema("cli");
    String bob = zssp.keygen("bob");
    String alice = zssp.keygen("alice");
    List<String> options = new ArrayList<>(List.of("--echo", "--store"));
    options.add(ListenPostgresStoreTest.storeOption(schema));
    if (TestDatabase.password() != null) {
      Path file = dir.resolve("pg.password");
      Files.writeString(file, TestDatabase.password() + "\n");
      options.addAll(List.of("--store-password-file", file.toString()));
    }
    long firstChain;
    try (InProcessListener listener = new InProcessListener(bob, options.toArray(new String[0]))) {
      listener.await(
          "ratchet store: postgresql://[^ ]+/zssp_test as "
              + TestDatabase.USER
              + ", schema "
              + schema
              + " \\(shared, no record cap\\)");
      assertEquals(
          0,
          zssp.run(
              "connect", listener.target, "--key", alice, "--peer", bob + ".pub", "--send", "one"),
          zssp.err() + zssp.out());
      assertTrue(zssp.out().contains("echoes: 1"), zssp.out());
      assertEquals(0, listener.stop());
      firstChain = chainOfTheOneRow();
    }
    try (InProcessListener listener = new InProcessListener(bob, options.toArray(new String[0]))) {
      assertEquals(
          0,
          zssp.run(
              "connect",
              listener.target,
              "--key",
              alice,
              "--peer",
              bob + ".pub",
              "--send",
              "two",
              "--require-ratchet"),
          zssp.err() + zssp.out());
      assertTrue(zssp.out().contains("echoes: 1"), zssp.out());
      assertEquals(0, listener.stop());
      assertFalse(listener.output().contains("DOWNGRADED"), listener.output());
      long secondChain = chainOfTheOneRow();
      assertTrue(
          secondChain > firstChain,
          "the chain did not advance across the restart: " + firstChain + " -> " + secondChain);
    }
  }

  /** The chain length of state1 of the only row in the test's schema (alice's record at bob). */
  private long chainOfTheOneRow() throws Exception {
    try (Connection c = TestDatabase.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT chain1 FROM \"" + schema + "\".ratchet_record")) {
      assertTrue(rs.next(), "no ratchet record in " + schema);
      long chain = rs.getLong(1);
      assertFalse(rs.next(), "more than one ratchet record in " + schema);
      return chain;
    }
  }

  @Test
  void passwordInTheUrl_refusedWithExit2_andNotEchoed() {
    String key = zssp.keygen("k");
    for (String url :
        List.of(
            "postgresql://zssp:s3cr3t@127.0.0.1:5432/zssp_test",
            "postgresql://127.0.0.1/zssp_test?user=zssp&password=s3cr3t",
            "postgresql://zssp:s3cr3t with a space@127.0.0.1/zssp_test", // malformed too
            "postgresql://127.0.0.1/zssp test?sslpassword=s3cr3t")) {
      assertEquals(2, zssp.run("listen", "--port", "0", "--key", key, "--store", url), url);
      assertTrue(zssp.err().contains("a password in the URL is refused"), zssp.err());
      assertTrue(zssp.err().contains("ZSSP_STORE_PASSWORD"), zssp.err());
      assertFalse(zssp.err().contains("s3cr3t"), zssp.err());
    }
  }

  @Test
  void badUrl_exit2() {
    String key = zssp.keygen("k");
    for (String url :
        List.of(
            "postgresql://",
            "postgresql://127.0.0.1:99999/db",
            "postgresql://127.0.0.1/",
            "postgresql://127.0.0.1/db/extra",
            "postgresql://127.0.0.1/db?user",
            "postgresql://127.0.0.1/db?schema=Not-A-Schema",
            "postgresql://zssp@127.0.0.1/db")) {
      assertEquals(
          2, zssp.run("listen", "--port", "0", "--key", key, "--store", url), url + zssp.err());
      assertTrue(zssp.err().startsWith("zssp listen: --store: "), url + ": " + zssp.err());
      assertFalse(zssp.err().contains("\tat "), zssp.err());
    }
  }

  @Test
  void recordCapOrPasswordFileWithoutPostgres_exit2() {
    String key = zssp.keygen("k");
    assertEquals(
        2,
        zssp.run(
            "listen",
            "--port",
            "0",
            "--key",
            key,
            "--store",
            "postgresql://127.0.0.1/db",
            "--max-ratchet-records",
            "10"));
    assertTrue(zssp.err().contains("--max-ratchet-records is not supported"), zssp.err());
    assertEquals(2, zssp.run("listen", "--port", "0", "--key", key, "--store-password-file", key));
    assertTrue(zssp.err().contains("--store-password-file needs --store postgresql"), zssp.err());
  }

  @Test
  void passwordGivenTwice_exit2_andAPasswordFileThatIsADirectory_exit3() throws Exception {
    String key = zssp.keygen("k");
    Path file = Files.writeString(dir.resolve("pw"), "x\n");
    StoreOption.environment = name -> name.equals("ZSSP_STORE_PASSWORD") ? "y" : null;
    assertEquals(
        2,
        zssp.run(
            "listen",
            "--port",
            "0",
            "--key",
            key,
            "--store",
            "postgresql://127.0.0.1/db",
            "--store-password-file",
            file.toString()));
    assertTrue(zssp.err().contains("give the password once"), zssp.err());
    StoreOption.environment = name -> null;
    assertEquals(
        3,
        zssp.run(
            "listen",
            "--port",
            "0",
            "--key",
            key,
            "--store",
            "postgresql://127.0.0.1/db",
            "--store-password-file",
            dir.toString()));
    assertTrue(zssp.err().contains("not a regular file"), zssp.err());
  }

  @Test
  void serverUnreachableAtStart_exit3_oneLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    String key = zssp.keygen("k");
    StoreOption.environment = name -> name.equals("ZSSP_STORE_PASSWORD") ? "s3cr3t" : null;
    assertEquals(
        3,
        zssp.run(
            "listen",
            "--port",
            "0",
            "--key",
            key,
            "--store",
            "postgresql://127.0.0.1:" + port + "/zssp_test?user=zssp"),
        zssp.out() + zssp.err());
    String err = zssp.err();
    assertTrue(
        err.startsWith(
            "zssp listen: cannot open ratchet store postgresql://127.0.0.1:"
                + port
                + "/zssp_test as zssp, schema zssp: "),
        err);
    assertTrue(err.contains("refused"), err); // the driver's reason, in the same line
    assertEquals(1, err.strip().lines().count(), err);
    assertFalse(err.contains("s3cr3t"), err);
    assertFalse(zssp.out().contains("listening on"), zssp.out());
  }
}
