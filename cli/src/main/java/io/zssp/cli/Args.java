package io.zssp.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small, strict command-line parser: {@code --name value} options, {@code --flag} switches and
 * positional arguments. Unknown options, missing values and malformed numbers are usage errors that
 * name the offending argument.
 */
final class Args {
  private final Map<String, String> options = new HashMap<>();
  private final List<String> positional = new ArrayList<>();

  private Args() {}

  /**
   * Parses {@code argv} (without the command name).
   *
   * @param valued options that take a value (without the leading dashes)
   * @param flags options that take none
   */
  static Args parse(String[] argv, int from, Set<String> valued, Set<String> flags)
      throws CliException {
    Args a = new Args();
    for (int i = from; i < argv.length; i++) {
      String arg = argv[i];
      if (arg.startsWith("--")) {
        String name = arg.substring(2);
        if (flags.contains(name)) {
          a.options.put(name, "true");
        } else if (valued.contains(name)) {
          if (i + 1 >= argv.length) {
            throw CliException.usage("option --" + name + " needs a value");
          }
          a.options.put(name, argv[++i]);
        } else {
          throw CliException.usage("unknown option " + arg);
        }
      } else {
        a.positional.add(arg);
      }
    }
    return a;
  }

  boolean flag(String name) {
    return options.containsKey(name);
  }

  String get(String name) {
    return options.get(name);
  }

  String require(String name) throws CliException {
    String v = options.get(name);
    if (v == null) {
      throw CliException.usage("missing required option --" + name);
    }
    return v;
  }

  int intValue(String name, int defaultValue, int min, int max) throws CliException {
    String v = options.get(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw CliException.usage(
            "--" + name + " must be between " + min + " and " + max + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw CliException.usage("--" + name + " expects a number, got '" + v + "'");
    }
  }

  List<String> positional() {
    return positional;
  }
}
