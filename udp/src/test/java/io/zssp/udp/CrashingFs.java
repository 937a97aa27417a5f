package io.zssp.udp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link RatchetStoreFs} over the real file system that fails one record write before step {@code
 * k} (0 createTemp, 1 write, 2 force, 3 close, 4 move, 5 forceDirectory), either as a crash (a
 * {@link SimulatedCrash} error; every later operation fails too, so no cleanup runs) or as an
 * {@link IOException} (the process lives on). After a crash, {@link #powerLoss} applies to the disk
 * what a power cut may lose: data not yet forced is torn, and a rename not yet made durable by a
 * directory fsync may be undone. It tracks durability by the file's content, not by the order of
 * calls, so a store that skipped a step would be caught. Single-threaded use only.
 */
final class CrashingFs implements RatchetStoreFs {
  static final int STEPS = 6;

  /** Thrown at the simulated crash; an Error so the store's IOException cleanup does not run. */
  static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash(String message) {
      super(message);
    }
  }

  enum Mode {
    CRASH,
    CRASH_DURING_WRITE,
    IO_ERROR
  }

  private final int failBefore;
  private final Mode mode;
  private final boolean forceIsNoop;
  private int failures;
  private boolean dead;
  private FileChannel open;
  private Path temp;
  private Path target;
  private boolean forced;
  private boolean moved;
  private boolean dirForced;
  private byte[] oldTarget;

  /** Fails before step {@code failBefore} (use {@link #STEPS} to never fail). */
  CrashingFs(int failBefore, Mode mode) {
    this(failBefore, mode, false);
  }

  /** As above; {@code forceIsNoop} models a store (or disk) that never forces file data. */
  CrashingFs(int failBefore, Mode mode, boolean forceIsNoop) {
    this.failBefore = failBefore;
    this.mode = mode;
    this.forceIsNoop = forceIsNoop;
  }

  private void step(int k) throws IOException {
    if (dead) {
      throw new SimulatedCrash("already crashed");
    }
    if (k == failBefore && failures++ == 0) {
      if (mode == Mode.IO_ERROR) {
        throw new IOException("simulated I/O error before step " + k);
      }
      if (mode == Mode.CRASH) {
        dead = true;
        throw new SimulatedCrash("simulated crash before step " + k);
      }
    }
  }

  @Override
  public FileChannel createTemp(Path temp) throws IOException {
    step(0);
    this.temp = temp;
    forced = moved = dirForced = false;
    open = RatchetStoreFs.REAL.createTemp(temp);
    return open;
  }

  @Override
  public void write(FileChannel channel, ByteBuffer data) throws IOException {
    step(1);
    if (failBefore == 1 && mode == Mode.CRASH_DURING_WRITE) {
      ByteBuffer half = data.duplicate();
      half.limit(half.position() + half.remaining() / 2);
      RatchetStoreFs.REAL.write(channel, half);
      dead = true;
      throw new SimulatedCrash("simulated crash in the middle of step 1");
    }
    RatchetStoreFs.REAL.write(channel, data);
  }

  @Override
  public void force(FileChannel channel) throws IOException {
    step(2);
    if (!forceIsNoop) {
      RatchetStoreFs.REAL.force(channel);
      forced = true;
    }
  }

  @Override
  public void close(FileChannel channel) throws IOException {
    step(3);
    RatchetStoreFs.REAL.close(channel);
    open = null;
  }

  @Override
  public void move(Path temp, Path target) throws IOException {
    step(4);
    this.target = target;
    oldTarget = Files.exists(target) ? Files.readAllBytes(target) : null;
    RatchetStoreFs.REAL.move(temp, target);
    moved = true;
  }

  @Override
  public void forceDirectory(Path dir) throws IOException {
    step(5);
    RatchetStoreFs.REAL.forceDirectory(dir);
    dirForced = moved;
  }

  @Override
  public void delete(Path file) throws IOException {
    if (dead) {
      throw new SimulatedCrash("already crashed");
    }
    RatchetStoreFs.REAL.delete(file);
  }

  /**
   * After a crash: tears unforced data (keeps the first half of the file) and, if {@code
   * loseRename}, undoes a rename whose directory was not forced (the new bytes go back to the temp
   * file).
   */
  void powerLoss(boolean loseRename) throws IOException {
    if (open != null) {
      open.close();
      open = null;
    }
    if (temp == null) {
      return;
    }
    Path holder = moved ? target : temp;
    if (!forced && Files.exists(holder)) {
      try (FileChannel c = FileChannel.open(holder, StandardOpenOption.WRITE)) {
        c.truncate(c.size() / 2);
      }
    }
    if (moved && !dirForced && loseRename) {
      Files.write(temp, Files.readAllBytes(target));
      if (oldTarget == null) {
        Files.delete(target);
      } else {
        Files.write(target, oldTarget);
      }
    }
  }
}
