package io.cardstream.common.delta;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The file operations of {@link DynamoDbLogStore}: whole files only, never a partial one. */
final class LogFiles {

  private LogFiles() {}

  /** Delta's actions, one JSON line each, as one new file (or replacing one, {@code overwrite}). */
  static void writeLines(FileSystem fs, Path path, Iterator<String> actions, boolean overwrite)
      throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    while (actions.hasNext()) {
      buf.writeBytes((actions.next() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    try {
      write(fs, path, buf.toByteArray(), overwrite);
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      throw new FileAlreadyExistsException(path.toString());
    }
  }

  /**
   * Copies the staging file {@code temp} to {@code target} unless {@code target} exists: then
   * someone completed the commit meanwhile, from the same staging file, unless a writer that
   * bypasses the ledger got there.
   *
   * @param own the caller's own commit: a {@code target} with other bytes is a lost commit
   */
  static void copyNew(FileSystem fs, Path temp, Path target, boolean own) throws IOException {
    byte[] bytes = readAll(fs, temp);
    try {
      write(fs, target, bytes, false);
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      if (own && !Arrays.equals(readAll(fs, target), bytes)) {
        throw new ForeignCommitException(target);
      }
    }
  }

  static byte[] readAll(FileSystem fs, Path path) throws IOException {
    try (FSDataInputStream in = fs.open(path)) {
      return in.readAllBytes();
    }
  }

  private static void write(FileSystem fs, Path path, byte[] bytes, boolean overwrite)
      throws IOException {
    FSDataOutputStream out = fs.create(path, overwrite);
    // Closed only after a whole write: on S3 closing is what publishes the object, and a partial
    // commit file must never appear.
    out.write(bytes);
    out.close();
  }

  /** The commit file holds bytes this writer did not stage although the ledger says it won. */
  static final class ForeignCommitException extends IOException {
    ForeignCommitException(Path target) {
      super(
          target
              + " was written by a process outside the ledger (another LogStore?) while this"
              + " writer owned that version: every writer of the table must use "
              + DeltaMultiWriter.LOG_STORE_CLASS);
    }
  }
}
