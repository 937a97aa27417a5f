package io.zssp.udp;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Strict PEM (RFC 7468) encoding and decoding for {@link KeyFiles}, on byte arrays so that a
 * private key's base64 and DER can be wiped (no {@link String} ever holds them). Stateless; the
 * caller owns and wipes every array passed in or returned.
 */
final class KeyFilesPem {
  private static final byte[] NL = {'\n'};

  private KeyFilesPem() {}

  /** {@code -----BEGIN label-----}, base64 of {@code der} in 64-char lines, {@code -----END}. */
  static byte[] encode(String label, byte[] der) {
    byte[] begin = ("-----BEGIN " + label + "-----\n").getBytes(StandardCharsets.US_ASCII);
    byte[] end = ("-----END " + label + "-----\n").getBytes(StandardCharsets.US_ASCII);
    byte[] body = Base64.getMimeEncoder(64, NL).encode(der);
    byte[] out = new byte[begin.length + body.length + 1 + end.length];
    System.arraycopy(begin, 0, out, 0, begin.length);
    System.arraycopy(body, 0, out, begin.length, body.length);
    out[begin.length + body.length] = '\n';
    System.arraycopy(end, 0, out, begin.length + body.length + 1, end.length);
    Arrays.fill(body, (byte) 0);
    return out;
  }

  /** Whether {@code text} contains a PEM BEGIN line. */
  static boolean looksLikePem(byte[] text) {
    byte[] marker = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i + marker.length <= text.length; i++) {
      if (Arrays.equals(text, i, i + marker.length, marker, 0, marker.length)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The DER of the single block labelled {@code label} in {@code text}; other blocks and text
   * outside blocks are ignored.
   *
   * @param where the file name for messages
   * @throws InvalidKeyException naming {@code where} and the defect: no such block (listing the
   *     labels found), several, no END line (truncated), headers (legacy encryption), bad base64
   */
  static byte[] decode(byte[] text, String label, String where) throws InvalidKeyException {
    List<String> found = new ArrayList<>();
    byte[] base64 = new byte[text.length];
    int n = 0;
    boolean inBlock = false;
    boolean done = false;
    try {
      int pos = 0;
      while (pos < text.length) {
        int eol = pos;
        while (eol < text.length && text[eol] != '\n') {
          eol++;
        }
        int end = eol;
        while (end > pos && (text[end - 1] == '\r' || isBlank(text[end - 1]))) {
          end--;
        }
        int start = pos;
        while (start < end && isBlank(text[start])) {
          start++;
        }
        String marker = markerLabel(text, start, end);
        if (!inBlock) {
          if (marker != null && marker.startsWith("BEGIN ")) {
            String l = marker.substring(6);
            found.add(l);
            if (l.equals(label)) {
              if (done) {
                throw new InvalidKeyException(
                    where + ": more than one PEM \"" + label + "\" block");
              }
              inBlock = true;
            }
          }
        } else if (marker != null) {
          if (!marker.equals("END " + label)) {
            throw new InvalidKeyException(
                where
                    + ": PEM \""
                    + label
                    + "\" block ends with \"-----"
                    + marker
                    + "-----\" instead of its END line");
          }
          inBlock = false;
          done = true;
        } else {
          for (int i = start; i < end; i++) {
            if (text[i] == ':') {
              throw new InvalidKeyException(
                  where
                      + ": PEM headers (legacy encrypted key?) are not"
                      + " supported; convert with: openssl pkcs8 -topk8 -nocrypt");
            }
          }
          System.arraycopy(text, start, base64, n, end - start);
          n += end - start;
        }
        pos = eol + 1;
      }
      if (inBlock) {
        throw new InvalidKeyException(
            where + ": truncated: PEM \"" + label + "\" block has no END line");
      }
      if (!done) {
        throw new InvalidKeyException(
            where
                + ": no PEM \""
                + label
                + "\" block"
                + (found.isEmpty() ? " (not a PEM file)" : "; found " + found)
                + hint(label, found));
      }
      try {
        return Base64.getDecoder().decode(Arrays.copyOf(base64, n));
      } catch (IllegalArgumentException e) {
        throw new InvalidKeyException(
            where + ": bad base64 in PEM \"" + label + "\" block: " + e.getMessage());
      }
    } finally {
      Arrays.fill(base64, (byte) 0);
    }
  }

  /** "BEGIN X" / "END X" for a line {@code -----BEGIN X-----}, else null. */
  private static String markerLabel(byte[] text, int start, int end) {
    int len = end - start;
    if (len < 10 || !isDashes(text, start) || !isDashes(text, end - 5)) {
      return null;
    }
    String inner = new String(text, start + 5, len - 10, StandardCharsets.US_ASCII);
    return inner.startsWith("BEGIN ") || inner.startsWith("END ") ? inner : null;
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t';
  }

  private static boolean isDashes(byte[] text, int off) {
    for (int i = 0; i < 5; i++) {
      if (text[off + i] != '-') {
        return false;
      }
    }
    return true;
  }

  private static String hint(String label, List<String> found) {
    if (found.contains("EC PRIVATE KEY")) {
      return " (a SEC1 key; convert with: openssl pkcs8 -topk8 -nocrypt -in FILE)";
    }
    if (found.contains("ENCRYPTED PRIVATE KEY")) {
      return " (encrypted keys are not supported; decrypt with: openssl pkcs8 -in FILE)";
    }
    if (label.equals("PUBLIC KEY") && found.contains("PRIVATE KEY")) {
      return " (this is a private key; extract the public one with: openssl pkey -in FILE -pubout)";
    }
    return "";
  }
}
