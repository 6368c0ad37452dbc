package io.cardstream.local.stack;

import io.cardstream.common.delta.CommitEntry;
import io.cardstream.common.delta.DynamoDbLogStore;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@link DynamoDbLogStore} that kills its JVM right after winning the ledger entry of the version
 * named by the system property {@value #HALT_AT} (before the commit file is copied into the log): a
 * writer that dies between the conditional put and the copy. Test code only.
 */
public class HaltingLogStore extends DynamoDbLogStore {

  static final String HALT_AT = "cardstream.it.haltAtVersion";
  static final int EXIT_CODE = 86;

  public HaltingLogStore(Configuration hadoopConf) {
    super(hadoopConf);
  }

  @Override
  protected void commitWon(FileSystem fs, Path logDir, CommitEntry entry) throws IOException {
    long at = Long.getLong(HALT_AT, -1);
    if (entry.fileName().equals(String.format("%020d.json", at))) {
      System.out.println("RESULT halted=" + entry.fileName() + " temp=" + entry.tempName());
      System.out.flush();
      Runtime.getRuntime().halt(EXIT_CODE);
    }
    super.commitWon(fs, logDir, entry);
  }
}
