// The charts of docs/BENCHMARKS.md, drawn from the measurements themselves.
//
// Usage (JDK 17+, no dependencies, single-file source):
//   java bench/scripts/Charts.java JMH_JSON SCALE_JSONL OUT_DIR
// JMH_JSON: a JMH result file (-rf json) holding PayloadBenchmark rows for impl=reference/engine.
// SCALE_JSONL: the lines SessionScale appends with -Dzssp.scale.json=FILE (one run per line).
// Writes OUT_DIR/payload-throughput.png and OUT_DIR/idle-session-heap.png.

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

public class Charts {
  private static final Color REFERENCE = new Color(0x9e, 0x9e, 0x9e);
  private static final Color ENGINE = new Color(0x1f, 0x6f, 0xb4);

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: java bench/scripts/Charts.java JMH_JSON SCALE_JSONL OUT_DIR");
      System.exit(2);
    }
    System.setProperty("java.awt.headless", "true");
    Path out = Path.of(args[2]);
    Files.createDirectories(out);

    // Payload throughput: MB/s of payload (payloads/s × size) for each size and implementation.
    Map<String, Map<String, Double>> payload = new TreeMap<>((a, b) -> Integer.parseInt(a) - Integer.parseInt(b));
    for (Object o : (List<?>) new Json(Files.readString(Path.of(args[0]))).value()) {
      Map<?, ?> r = (Map<?, ?>) o;
      if (!String.valueOf(r.get("benchmark")).endsWith("PayloadBenchmark.sealAndOpen")) {
        continue;
      }
      Map<?, ?> params = (Map<?, ?>) r.get("params");
      String size = (String) params.get("size");
      double perSecond = ((Number) ((Map<?, ?>) r.get("primaryMetric")).get("score")).doubleValue();
      payload.computeIfAbsent(size, k -> new LinkedHashMap<>())
          .put((String) params.get("impl"), perSecond * Integer.parseInt(size) / 1e6);
    }
    Map<String, Map<String, Double>> payloadGroups = new LinkedHashMap<>();
    payload.forEach((size, v) -> payloadGroups.put(size + " B", v));
    bars(
        out.resolve("payload-throughput.png"),
        "Payload throughput, one thread (seal + open, MTU 1500)",
        "MB/s of payload",
        payloadGroups,
        -1,
        "%,.0f");

    // Heap per idle session by session count.
    Map<String, Map<String, Double>> heap = new TreeMap<>((a, b) -> Integer.parseInt(a) - Integer.parseInt(b));
    for (String line : Files.readAllLines(Path.of(args[1]))) {
      if (line.isBlank()) {
        continue;
      }
      Map<?, ?> r = (Map<?, ?>) new Json(line).value();
      heap.computeIfAbsent(String.valueOf(((Number) r.get("sessions")).longValue()), k -> new LinkedHashMap<>())
          .put((String) r.get("impl"), ((Number) r.get("bytesPerSession")).doubleValue());
    }
    Map<String, Map<String, Double>> heapGroups = new LinkedHashMap<>();
    heap.forEach((n, v) -> heapGroups.put(String.format(Locale.ROOT, "%,d sessions", Long.parseLong(n)), v));
    bars(
        out.resolve("idle-session-heap.png"),
        "Retained heap per idle established session (responder)",
        "bytes per session",
        heapGroups,
        2048,
        "%,.0f");
    System.out.println("wrote " + out.resolve("payload-throughput.png") + " and " + out.resolve("idle-session-heap.png"));
  }

  /** A grouped bar chart: one group per key, one bar per implementation (reference, engine). */
  private static void bars(
      Path file, String title, String yLabel, Map<String, Map<String, Double>> groups, double target, String fmt)
      throws Exception {
    int w = 760, h = 420, left = 80, right = 20, top = 50, bottom = 60;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    double max = Math.max(target, 1);
    for (Map<String, Double> v : groups.values()) {
      for (double d : v.values()) {
        max = Math.max(max, d);
      }
    }
    max = niceCeiling(max * 1.1);
    int plotH = h - top - bottom, plotW = w - left - right;
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.setColor(Color.BLACK);
    g.drawString(title, left, 28);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int i = 0; i <= 5; i++) {
      double v = max * i / 5;
      int y = top + plotH - (int) (plotH * v / max);
      g.setColor(new Color(0xe0, 0xe0, 0xe0));
      g.drawLine(left, y, left + plotW, y);
      g.setColor(Color.DARK_GRAY);
      String s = String.format(Locale.ROOT, "%,.0f", v);
      g.drawString(s, left - 8 - g.getFontMetrics().stringWidth(s), y + 4);
    }
    g.rotate(-Math.PI / 2);
    g.drawString(yLabel, -(top + plotH / 2 + g.getFontMetrics().stringWidth(yLabel) / 2), 16);
    g.rotate(Math.PI / 2);
    String[] impls = {"reference", "engine"};
    Color[] colors = {REFERENCE, ENGINE};
    int groupW = plotW / Math.max(1, groups.size());
    int barW = Math.min(70, groupW / 3);
    int gi = 0;
    for (Map.Entry<String, Map<String, Double>> e : groups.entrySet()) {
      int gx = left + gi * groupW + groupW / 2;
      for (int b = 0; b < impls.length; b++) {
        Double v = e.getValue().get(impls[b]);
        if (v == null) {
          continue;
        }
        int bh = (int) (plotH * v / max);
        int x = gx - barW + b * barW;
        g.setColor(colors[b]);
        g.fillRect(x + 2, top + plotH - bh, barW - 4, bh);
        g.setColor(Color.BLACK);
        String s = String.format(Locale.ROOT, fmt, v);
        g.drawString(s, x + barW / 2 - g.getFontMetrics().stringWidth(s) / 2, top + plotH - bh - 4);
      }
      g.setColor(Color.BLACK);
      g.drawString(e.getKey(), gx - g.getFontMetrics().stringWidth(e.getKey()) / 2, top + plotH + 18);
      gi++;
    }
    if (target > 0) {
      int y = top + plotH - (int) (plotH * target / max);
      g.setColor(new Color(0xc0, 0x30, 0x30));
      g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
      g.drawLine(left, y, left + plotW, y);
      g.drawString(String.format(Locale.ROOT, "target %,.0f", target), left + plotW - 90, y - 5);
    }
    int lx = left, ly = h - 20;
    for (int b = 0; b < impls.length; b++) {
      g.setColor(colors[b]);
      g.fillRect(lx, ly - 10, 12, 12);
      g.setColor(Color.BLACK);
      g.drawString(impls[b], lx + 18, ly);
      lx += 110;
    }
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
  }

  private static double niceCeiling(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }

  /** Just enough JSON for JMH's result files: objects, arrays, strings, numbers, literals. */
  private static final class Json {
    private final String s;
    private int i;

    Json(String s) {
      this.s = s;
    }

    Object value() {
      skip();
      char c = s.charAt(i);
      if (c == '{') {
        Map<String, Object> m = new LinkedHashMap<>();
        i++;
        skip();
        if (s.charAt(i) == '}') {
          i++;
          return m;
        }
        while (true) {
          skip();
          String k = string();
          skip();
          i++; // ':'
          m.put(k, value());
          skip();
          if (s.charAt(i++) == '}') {
            return m;
          }
        }
      }
      if (c == '[') {
        List<Object> l = new ArrayList<>();
        i++;
        skip();
        if (s.charAt(i) == ']') {
          i++;
          return l;
        }
        while (true) {
          l.add(value());
          skip();
          if (s.charAt(i++) == ']') {
            return l;
          }
        }
      }
      if (c == '"') {
        return string();
      }
      int start = i;
      while (i < s.length() && ",}] \n\r\t".indexOf(s.charAt(i)) < 0) {
        i++;
      }
      String t = s.substring(start, i);
      switch (t) {
        case "true":
          return true;
        case "false":
          return false;
        case "null":
          return null;
        default:
          return t.equals("NaN") ? Double.NaN : Double.parseDouble(t);
      }
    }

    private String string() {
      StringBuilder b = new StringBuilder();
      i++; // opening quote
      while (s.charAt(i) != '"') {
        char c = s.charAt(i++);
        if (c == '\\') {
          char e = s.charAt(i++);
          b.append(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'u' ? (char) Integer.parseInt(s.substring(i, (i += 4)), 16) : e);
        } else {
          b.append(c);
        }
      }
      i++;
      return b.toString();
    }

    private void skip() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }
  }
}
