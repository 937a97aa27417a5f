package io.zssp.udp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The file operations of one {@link FileRatchetStore} record write, in the order the store calls
 * them: {@link #createTemp}, {@link #write}, {@link #force}, {@link #close}, {@link #move}, {@link
 * #forceDirectory} (and {@link #delete} to clean up after a failure). A package-private seam so
 * tests can crash or fail a write after any step; {@link #REAL} is the only production
 * implementation. Implementations are stateless or thread-safe.
 */
interface RatchetStoreFs {
  /** The real file system operations. */
  RatchetStoreFs REAL = new Real();

  /** Creates {@code temp} (which must not exist) for writing, owner-only where POSIX applies. */
  FileChannel createTemp(Path temp) throws IOException;

  /** Writes all of {@code data} to {@code channel}. */
  void write(FileChannel channel, ByteBuffer data) throws IOException;

  /** Flushes the file's data and metadata to the device ({@code FileChannel.force(true)}). */
  void force(FileChannel channel) throws IOException;

  /** Closes the channel. */
  void close(FileChannel channel) throws IOException;

  /** Atomically renames {@code temp} to {@code target}, replacing {@code target} if it exists. */
  void move(Path temp, Path target) throws IOException;

  /**
   * Makes the directory entry changes in {@code dir} durable (fsync of the directory). Works on
   * Linux and other POSIX systems; a no-op where the file system has no POSIX view (Windows), where
   * a directory cannot be opened and the rename is journalled by the file system instead.
   */
  void forceDirectory(Path dir) throws IOException;

  /** Deletes {@code file} if it exists. */
  void delete(Path file) throws IOException;

  /** Whether {@code fs} supports POSIX permissions (and hence directory fsync). */
  static boolean isPosix(FileSystem fs) {
    return fs.supportedFileAttributeViews().contains("posix");
  }

  /**
   * Creates {@code dir} (mode 700 where POSIX applies; missing parents with default modes) and
   * makes its entry durable with {@code fs.forceDirectory(parent)}; does nothing if it exists.
   */
  static void createPrivateDirectory(Path dir, RatchetStoreFs fs) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (isPosix(dir.getFileSystem())) {
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectory(dir);
    }
    if (parent != null) {
      fs.forceDirectory(parent);
    }
  }

  /** The real implementation; stateless. */
  final class Real implements RatchetStoreFs {
    private static final Set<StandardOpenOption> CREATE_NEW =
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    private Real() {}

    @Override
    public FileChannel createTemp(Path temp) throws IOException {
      if (isPosix(temp.getFileSystem())) {
        FileAttribute<?> ownerOnly =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
        return FileChannel.open(temp, CREATE_NEW, ownerOnly);
      }
      return FileChannel.open(temp, CREATE_NEW);
    }

    @Override
    public void write(FileChannel channel, ByteBuffer data) throws IOException {
      while (data.hasRemaining()) {
        channel.write(data);
      }
    }

    @Override
    public void force(FileChannel channel) throws IOException {
      channel.force(true);
    }

    @Override
    public void close(FileChannel channel) throws IOException {
      channel.close();
    }

    @Override
    public void move(Path temp, Path target) throws IOException {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void forceDirectory(Path dir) throws IOException {
      if (!isPosix(dir.getFileSystem())) {
        return;
      }
      try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
        channel.force(true);
      }
    }

    @Override
    public void delete(Path file) throws IOException {
      Files.deleteIfExists(file);
    }
  }
}
