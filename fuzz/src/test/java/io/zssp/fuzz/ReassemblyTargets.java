package io.zssp.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zssp.api.DataTooLargeException;
import io.zssp.api.Session;
import io.zssp.api.ZsspSettings;
import io.zssp.wire.FragmentHeader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Fuzz target for fragmentation and reassembly through the public path (the implementations'
 * reassembly classes are package-private): an established pair at the smallest MTU (128: 112
 * payload bytes a fragment, up to 48 fragments a packet) sends up to 4 messages, and a {@link
 * FragmentSchedule} delivers their fragments in any order, duplicated, left out, or as copies with
 * the payload, the protected header or the length changed. Every delivery is checked by the {@link
 * ReceiveOracle} (a changed copy is unauthenticated input); then:
 *
 * <ul>
 *   <li>whatever the receiver delivered is one of the messages sent, byte for byte, and no message
 *       is delivered more often than it was sent;
 *   <li>a message none of whose fragments was delivered changed in payload or length, and all of
 *       whose fragments were delivered, is delivered exactly once (§6.7: any order, duplicates
 *       dropped, the stored fragment kept).
 * </ul>
 *
 * Partial packets left by one input are expired (the clock moves on past the 5 s assembly timeout)
 * before the next. One subclass per implementation.
 */
abstract class ReassemblyTargets {
  static final int MTU = 128;

  /** Settings under which no timer but reassembly expiry fires while the clock moves on. */
  private static final HandshakeFixture.Options OPTIONS =
      new HandshakeFixture.Options(
          MTU,
          MTU,
          ZsspSettings.builder()
              .rekeyAfterMillis(1L << 50)
              .rekeyMaxJitterMillis(1)
              .b2LifetimeMillis(1L << 50)
              .build());

  private static final Map<Impl, HandshakeFixture> FIXTURES = new EnumMap<>(Impl.class);

  private static long serial;

  abstract Impl impl();

  @FuzzTest(maxDuration = "10m")
  void fragments(FuzzedDataProvider in) {
    run(impl(), FragmentSchedule.read(in));
  }

  static synchronized HandshakeFixture fixture(Impl impl) {
    return FIXTURES.computeIfAbsent(impl, i -> HandshakeFixture.build(i, Stop.S2, OPTIONS));
  }

  /** Runs one schedule and checks everything. */
  static void run(Impl impl, FragmentSchedule schedule) {
    HandshakeFixture f = fixture(impl);
    f.capture = new ArrayList<>();
    f.advance(6_000); // expire what the previous input left (fragmentAssemblyTimeout is 5 s)
    f.capture.clear();
    Peer sender = schedule.bobSends() ? f.bob : f.alice;
    Peer receiver = f.other(sender);
    Session s = sender.session();

    List<byte[]> messages = new ArrayList<>();
    List<byte[]> fragments = new ArrayList<>();
    List<Integer> messageOf = new ArrayList<>();
    for (int size : schedule.sizes()) {
      byte[] m = message(size);
      messages.add(m);
      try {
        s.send(m, 0, m.length);
      } catch (DataTooLargeException e) {
        throw new IllegalStateException("the schedule's size bound is wrong", e);
      }
      for (HandshakeFixture.Datagram d : f.capture) {
        fragments.add(d.bytes());
        messageOf.add(messages.size() - 1);
      }
      f.capture.clear();
    }

    boolean[] delivered = new boolean[fragments.size()];
    boolean[] tainted = new boolean[messages.size()];
    int dataBefore = receiver.data.size();
    for (FragmentSchedule.Op op : schedule.ops()) {
      int i = op.fragment() % fragments.size();
      byte[] d = fragments.get(i);
      switch (op.kind()) {
        case DELIVER -> {
          delivered[i] = true;
          deliver(f, receiver, sender, d, true);
        }
        case PAYLOAD -> {
          if (d.length > FragmentHeader.PROTECTED_END) {
            byte[] c = d.clone();
            int at = FragmentHeader.PROTECTED_END + op.position() % (d.length - 20);
            c[at] ^= (byte) op.value();
            tainted[messageOf.get(i)] = true;
            deliver(f, receiver, sender, c, false);
          }
        }
        case HEADER -> {
          byte[] c = d.clone();
          c[op.position() % FragmentHeader.PROTECTED_END] ^= (byte) op.value();
          deliver(f, receiver, sender, c, false);
        }
        case LENGTH -> {
          byte[] c = Arrays.copyOf(d, op.position() % (d.length + 9));
          if (c.length != d.length) {
            tainted[messageOf.get(i)] = true;
            deliver(f, receiver, sender, c, false);
          }
        }
      }
    }
    if (schedule.flush()) {
      for (int i = 0; i < fragments.size(); i++) {
        if (!delivered[i]) {
          delivered[i] = true;
          deliver(f, receiver, sender, fragments.get(i), true);
        }
      }
    }
    f.capture = null;

    // Messages of a few bytes can be equal: each delivery takes the first equal message not yet
    // taken, so a payload delivered more often than it was sent is caught either way.
    List<byte[]> got = receiver.data.subList(dataBefore, receiver.data.size());
    int[] times = new int[messages.size()];
    for (byte[] g : got) {
      int m = firstUntaken(messages, times, g);
      if (m < 0) {
        throw fail(
            impl,
            schedule,
            (indexOf(messages, g) < 0
                    ? "delivered a payload that was never sent: "
                    : "delivered twice: ")
                + hex(g));
      }
      times[m]++;
    }
    for (int m = 0; m < messages.size(); m++) {
      boolean all = true;
      for (int i = 0; i < fragments.size(); i++) {
        all &= messageOf.get(i) != m || delivered[i];
      }
      if (all && !tainted[m] && times[m] != 1) {
        throw fail(
            impl,
            schedule,
            "message "
                + m
                + " ("
                + messages.get(m).length
                + " bytes) was complete and untouched but not delivered; drops "
                + receiver.ctx.dropCounts());
      }
    }
  }

  private static void deliver(
      HandshakeFixture f, Peer to, Peer sender, byte[] d, boolean authentic) {
    ReceiveOracle.deliver(f, to, sender.address, d, authentic, ReceiveOracle.RECEIVE);
  }

  /** A payload that names itself: a serial number (low byte first), its length, a pattern. */
  private static synchronized byte[] message(int size) {
    byte[] m = new byte[size];
    ByteBuffer b =
        ByteBuffer.wrap(new byte[16])
            .order(ByteOrder.LITTLE_ENDIAN)
            .putLong(++serial)
            .putInt(size)
            .putInt(0x5a5a5a5a);
    System.arraycopy(b.array(), 0, m, 0, Math.min(16, size));
    for (int i = 16; i < size; i++) {
      m[i] = (byte) (i * 31 + serial);
    }
    return m;
  }

  private static int firstUntaken(List<byte[]> messages, int[] times, byte[] g) {
    for (int i = 0; i < messages.size(); i++) {
      if (times[i] == 0 && Arrays.equals(messages.get(i), g)) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(List<byte[]> messages, byte[] g) {
    for (int i = 0; i < messages.size(); i++) {
      if (Arrays.equals(messages.get(i), g)) {
        return i;
      }
    }
    return -1;
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b, 0, Math.min(b.length, 48)) + (b.length > 48 ? "…" : "");
  }

  private static AssertionError fail(Impl impl, FragmentSchedule schedule, String what) {
    return new AssertionError(impl + " reassembly: " + what + "\n  schedule " + schedule);
  }
}
