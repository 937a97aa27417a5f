package io.zssp.fuzz;

import java.lang.reflect.Field;

/**
 * Reads a private field, for the probes' few looks inside private nested classes (the class path
 * has no module boundaries). A renamed field fails loudly, naming it.
 */
public final class Reflect {
  private Reflect() {}

  /**
   * The value of the instance field {@code name} of {@code o} (declared by its class or a super).
   */
  public static Object get(Object o, String name) {
    for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
      } catch (NoSuchFieldException e) {
        // try the superclass
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new IllegalStateException("cannot read " + c.getName() + "." + name, e);
      }
    }
    throw new IllegalStateException(
        "no field " + name + " in " + o.getClass().getName() + " (did the internals change?)");
  }
}
