package io.zssp.cli;

import io.zssp.api.RatchetStore;
import io.zssp.api.RatchetStoreException;
import io.zssp.store.jdbc.JdbcRatchetStore;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code listen --store}: a directory (the default, FILE.ratchets beside the key) or {@code
 * postgresql://HOST[:PORT]/DB[?user=NAME&schema=S&…]}, a {@link JdbcRatchetStore} shared by a
 * responder fleet. The password never comes from the command line: {@value #PASSWORD_ENV} or {@code
 * --store-password-file FILE}; one inside the URL is refused.
 */
final class StoreOption {
  static final String SCHEME = "postgresql://";
  static final String PASSWORD_ENV = "ZSSP_STORE_PASSWORD";
  static final int DEFAULT_PORT = 5432;

  /** How the command reads the environment (tests replace it). */
  static UnaryOperator<String> environment = System::getenv;

  /** A parsed {@code postgresql://} store option, without the password. */
  record Postgres(
      String host,
      int port,
      String database,
      String user,
      String schema,
      Map<String, String> extra) {
    /** The URL as printed: never a password (there is none in it). */
    String display() {
      StringBuilder s =
          new StringBuilder(SCHEME)
              .append(host.contains(":") ? "[" + host + "]" : host)
              .append(':')
              .append(port)
              .append('/')
              .append(database);
      if (user != null) {
        s.append(" as ").append(user);
      }
      return s.append(", schema ").append(schema).toString();
    }

    /** The driver's URL: host, port, database and the extra driver properties. */
    String jdbcUrl() {
      StringBuilder s =
          new StringBuilder("jdbc:postgresql://")
              .append(host.contains(":") ? "[" + host + "]" : host)
              .append(':')
              .append(port)
              .append('/')
              .append(database);
      char sep = '?';
      for (Map.Entry<String, String> e : extra.entrySet()) {
        s.append(sep).append(e.getKey()).append('=').append(e.getValue());
        sep = '&';
      }
      return s.toString();
    }
  }

  private StoreOption() {}

  static boolean isPostgres(String store) {
    return store != null && store.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
  }

  /**
   * Parses {@code postgresql://HOST[:PORT]/DB[?user=NAME&schema=S&PROP=V…]}; PROP=V pairs other
   * than user and schema go to the driver as they are (sslmode, connectTimeout, …).
   *
   * @throws CliException exit 2 for a malformed URL or a password in it
   */
  static Postgres parse(String value) throws CliException {
    // Before parsing: a password must be refused (and never echoed) even in a malformed URL.
    if (value.matches("(?is)[a-z]+://[^/?#@]*:[^/?#@]*@.*")
        || value.matches("(?is).*[?&][^&=]*password[^&=]*=.*")) {
      throw passwordInUrl();
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw bad(value, e.getReason());
    }
    if (uri.getRawUserInfo() != null) {
      if (uri.getRawUserInfo().contains(":")) {
        throw passwordInUrl();
      }
      throw bad(value, "give the user as ?user=NAME, not NAME@");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw bad(value, "no host");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      throw bad(value, "port out of range");
    }
    if (uri.getPort() < 0 && uri.getRawAuthority() != null && uri.getRawAuthority().endsWith(":")) {
      throw bad(value, "empty port");
    }
    int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
    String path = uri.getPath();
    if (path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
      throw bad(value, "expected one database name after the host, as postgresql://HOST/DB");
    }
    if (uri.getRawFragment() != null) {
      throw bad(value, "unexpected '#'");
    }
    String database = path.substring(1);
    String user = null;
    String schema = JdbcRatchetStore.DEFAULT_SCHEMA;
    Map<String, String> extra = new LinkedHashMap<>();
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw bad(value, "expected NAME=VALUE in the query, got '" + pair + "'");
        }
        String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        if (name.equalsIgnoreCase("password") || name.toLowerCase().contains("password")) {
          throw passwordInUrl();
        }
        if (v.isEmpty()) {
          throw bad(value, "empty value for " + name);
        }
        if (name.equals("user")) {
          user = v;
        } else if (name.equals("schema")) {
          schema = v;
        } else if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
          throw bad(value, "bad property name '" + name + "'");
        } else {
          extra.put(name, pair.substring(eq + 1));
        }
      }
    }
    return new Postgres(host, port, database, user, schema, Map.copyOf(extra));
  }

  private static CliException passwordInUrl() {
    return CliException.usage(
        "--store: a password in the URL is refused (it would show in the process list and the"
            + " shell history); set "
            + PASSWORD_ENV
            + " or use --store-password-file FILE");
  }

  private static CliException bad(String value, String why) {
    // The value has no password (refused above when the URI parses; otherwise not echoed).
    return CliException.usage(
        "--store: bad PostgreSQL URL ("
            + why
            + "); expected postgresql://HOST[:PORT]/DB[?user=NAME]"
            + (value.contains("@") || value.toLowerCase(java.util.Locale.ROOT).contains("password")
                ? ""
                : ", got '" + value + "'"));
  }

  /**
   * The password: {@code --store-password-file} (a regular file, read once, one trailing newline
   * dropped) or {@value #PASSWORD_ENV}; null for none (trust or peer authentication).
   */
  static String password(String file) throws CliException {
    String env = environment.apply(PASSWORD_ENV);
    if (file != null) {
      if (env != null) {
        throw CliException.usage(
            "--store-password-file and " + PASSWORD_ENV + " are both set: give the password once");
      }
      Path p = Paths.get(file);
      if (!Files.isRegularFile(p)) {
        throw new CliException(
            CliException.IO, "cannot read store password file " + file + ": not a regular file");
      }
      try {
        String s = Files.readString(p, StandardCharsets.UTF_8);
        if (s.endsWith("\n")) {
          s = s.substring(0, s.length() - (s.endsWith("\r\n") ? 2 : 1));
        }
        return s;
      } catch (IOException e) {
        throw new CliException(
            CliException.IO,
            "cannot read store password file " + file + ": " + CliNode.reason(e),
            e);
      }
    }
    return env;
  }

  /**
   * Opens the PostgreSQL store on a small pool (schema migrated if needed); exit 3 when it cannot.
   * The caller closes it.
   */
  static RatchetStore openPostgres(Postgres pg, String password) throws CliException {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(pg.jdbcUrl());
    if (pg.user() != null) {
      ds.setUser(pg.user());
    }
    if (password != null) {
      ds.setPassword(password);
    }
    if (!pg.extra().containsKey("connectTimeout")) {
      ds.setConnectTimeout(5);
    }
    if (!pg.extra().containsKey("loginTimeout")) {
      ds.setLoginTimeout(10);
    }
    if (!pg.extra().containsKey("socketTimeout")) {
      ds.setSocketTimeout(30);
    }
    if (!pg.extra().containsKey("ApplicationName")) {
      ds.setApplicationName("zssp listen");
    }
    try {
      return PooledJdbcStore.open(ds, pg.schema(), "zssp-store");
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--store: " + e.getMessage());
    } catch (RatchetStoreException e) {
      throw new CliException(
          CliException.IO,
          "cannot open ratchet store "
              + pg.display()
              + ": "
              + firstLine(e.getMessage())
              // the driver's first line (the store's redacted cause): refused, no such
              // database, authentication failed; never row data at this point
              + (e.getCause() == null ? "" : " (" + firstLine(e.getCause().getMessage()) + ")"));
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
