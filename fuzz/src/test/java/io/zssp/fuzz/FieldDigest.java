package io.zssp.fuzz;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;

/**
 * A digest of an object's own instance fields of primitive and primitive-array type (not
 * recursive), for state that a probe can see only as a whole, such as an anti-replay window. Reads
 * private fields reflectively: the class path has no module boundaries.
 */
public final class FieldDigest {
  private FieldDigest() {}

  /** The digest of {@code o}'s primitive and primitive-array fields, or "null". */
  public static String of(Object o) {
    if (o == null) {
      return "null";
    }
    long h = 17;
    for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        h = 31 * h + hash(f, o);
      }
    }
    return Long.toHexString(h);
  }

  private static int hash(Field f, Object o) {
    try {
      f.setAccessible(true);
      Object v = f.get(o);
      if (v == null) {
        return 0;
      } else if (v instanceof long[] a) {
        return Arrays.hashCode(a);
      } else if (v instanceof int[] a) {
        return Arrays.hashCode(a);
      } else if (v instanceof short[] a) {
        return Arrays.hashCode(a);
      } else if (v instanceof byte[] a) {
        return Arrays.hashCode(a);
      } else if (v instanceof boolean[] a) {
        return Arrays.hashCode(a);
      } else if (f.getType().isPrimitive()) {
        return v.hashCode();
      }
      return 0; // references (locks, nested objects) are not part of the digest
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot read " + f, e);
    }
  }
}
