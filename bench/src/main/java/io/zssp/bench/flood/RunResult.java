package io.zssp.bench.flood;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one scenario against one responder, as a table row and as a JSON object. */
final class RunResult {
  /** Every figure by name, in table order; numbers, strings or booleans. */
  final Map<String, Object> values = new LinkedHashMap<>();

  void put(String key, Object value) {
    values.put(key, value);
  }

  Object get(String key) {
    return values.get(key);
  }

  double number(String key) {
    Object v = values.get(key);
    return v instanceof Number ? ((Number) v).doubleValue() : Double.NaN;
  }

  String toJson() {
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append(quote(e.getKey())).append(':');
      Object v = e.getValue();
      if (v == null) {
        b.append("null");
      } else if (v instanceof Double || v instanceof Float) {
        double d = ((Number) v).doubleValue();
        b.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.4f", d) : "null");
      } else if (v instanceof Number || v instanceof Boolean) {
        b.append(v);
      } else {
        b.append(quote(v.toString()));
      }
    }
    return b.append('}').toString();
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  // ------------------------------------------------------------------ the table

  private static final String[] HEADERS = {
    "label",
    "scenario",
    "rate/s (achieved)",
    "sent (datagrams)",
    "socket drops",
    "connects ok/att",
    "p50/max ms",
    "echo lost/sent",
    "resp CPU",
    "CPU/unit",
    "RSS MB before/peak/after",
    "heap MB before/flood/after",
    "alive"
  };

  List<String> row() {
    List<String> r = new ArrayList<>();
    r.add(str("label"));
    r.add(str("scenario"));
    r.add(
        number("rate") == 0
            ? "-"
            : String.format(
                Locale.ROOT,
                "%,.0f %s (%,.0f)",
                number("rate"),
                str("unit"),
                number("achieved_rate")));
    r.add(
        number("rate") == 0
            ? "-"
            : String.format(
                Locale.ROOT,
                "%,d (%,d)",
                (long) number("units_sent"),
                (long) number("datagrams_sent")));
    r.add(
        Double.isFinite(number("responder_socket_drops"))
            ? String.format(Locale.ROOT, "%,d", (long) number("responder_socket_drops"))
            : "-");
    r.add(
        String.format(
            Locale.ROOT,
            "%d/%d",
            (long) number("connects_ok"),
            (long) number("connects_attempted")));
    r.add(ms(number("connect_p50_ms")) + "/" + ms(number("connect_max_ms")));
    r.add(
        String.format(
            Locale.ROOT, "%d/%d", (long) number("echo_lost"), (long) number("echo_sent")));
    r.add(String.format(Locale.ROOT, "%.0f%%", number("responder_cpu_percent")));
    r.add(
        Double.isFinite(number("cpu_us_per_unit"))
            ? String.format(Locale.ROOT, "%.1f us", number("cpu_us_per_unit"))
            : "-");
    r.add(mb("rss_before_kib") + "/" + mb("rss_peak_kib") + "/" + mb("rss_after_kib"));
    r.add(mb("heap_before_kib") + "/" + mb("heap_during_flood_kib") + "/" + mb("heap_after_kib"));
    r.add(str("alive"));
    return r;
  }

  private String str(String key) {
    Object v = values.get(key);
    return v == null ? "-" : v.toString();
  }

  private String mb(String key) {
    double kib = number(key);
    return kib < 0 || !Double.isFinite(kib)
        ? "?"
        : String.format(Locale.ROOT, "%.0f", kib / 1024.0);
  }

  private static String ms(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.0f", v) : "-";
  }

  /** The results as one aligned text table. */
  static String table(List<RunResult> results) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of(HEADERS));
    for (RunResult r : results) {
      rows.add(r.row());
    }
    int[] w = new int[HEADERS.length];
    for (List<String> row : rows) {
      for (int i = 0; i < w.length; i++) {
        w[i] = Math.max(w[i], row.get(i).length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < rows.size(); k++) {
      List<String> row = rows.get(k);
      for (int i = 0; i < w.length; i++) {
        b.append(i == 0 ? "" : " | ").append(String.format("%-" + w[i] + "s", row.get(i)));
      }
      b.append('\n');
      if (k == 0) {
        for (int i = 0; i < w.length; i++) {
          b.append(i == 0 ? "" : "-+-").append("-".repeat(w[i]));
        }
        b.append('\n');
      }
    }
    return b.toString();
  }
}
