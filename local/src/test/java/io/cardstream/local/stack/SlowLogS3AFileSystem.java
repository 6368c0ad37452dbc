package io.cardstream.local.stack;

import java.io.IOException;
import java.io.InterruptedIOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import org.apache.hadoop.util.Progressable;

/**
 * S3A whose new files under a {@code _delta_log/} take {@value #DELAY_MS} ms longer between its
 * existence check and the upload, as on a slower S3: it widens the window in which two writers both
 * find a commit file absent. Test code only; both LogStores of {@link DeltaMultiWriterIT} run on it
 * alike.
 */
public class SlowLogS3AFileSystem extends S3AFileSystem {

  static final String DELAY_MS = "cardstream.it.logCreateDelayMs";

  @Override
  public FSDataOutputStream create(
      Path f,
      FsPermission permission,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    FSDataOutputStream out =
        super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    long delay = getConf().getLong(DELAY_MS, 0);
    if (delay > 0 && f.toString().contains("/_delta_log/")) {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      }
    }
    return out;
  }
}
