package io.cardstream.common.delta;

import io.cardstream.common.aws.DynamoDbClients;
import io.delta.storage.CloseableIterator;
import io.delta.storage.HadoopFileSystemLogStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A Delta LogStore for S3 that lets several Spark applications commit to the same table: S3 has no
 * put-if-absent, so a DynamoDB ledger ({@link CommitLedger}) decides which writer gets each
 * version. To commit version N of a table:
 *
 * <ol>
 *   <li>fail if {@code N.json} is already in the log; if the ledger's entry of N-1 is incomplete,
 *       complete it first;
 *   <li>write the actions to a fresh staging file {@code _delta_log/.tmp/N.json.<uuid>};
 *   <li>put the entry (table, N.json, staging name, incomplete) on condition that none exists; if
 *       one does, another writer has N: {@link FileAlreadyExistsException}, and Delta checks for
 *       conflicts and tries N+1;
 *   <li>copy the staging file to {@code N.json} (never overwriting);
 *   <li>mark the entry complete, with an expiry time for DynamoDB's TTL.
 * </ol>
 *
 * <p>Once step 3 succeeded the commit is decided: a writer that dies before step 5 leaves an
 * incomplete entry, and the next listing of the log ({@link #listFrom}) or the next commit finishes
 * steps 4 and 5 from the staging file. {@code N.json} only ever holds the bytes of the staging file
 * the ledger names, so completing twice is harmless. Every writer of a table must use this store
 * with the same ledger table; see docs/deploy.md.
 */
public class DynamoDbLogStore extends HadoopFileSystemLogStore {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbLogStore.class);
  private static final int COMPLETE_ATTEMPTS = 4;

  /** One client per (region, endpoint): Delta makes a store per table and scheme. */
  private static final Map<List<String>, DynamoDbClient> CLIENTS = new ConcurrentHashMap<>();

  /** Keeps the threads of one JVM from completing the same entry at once (only a saving). */
  private static final ReentrantLock[] LOCKS =
      IntStream.range(0, 64).mapToObj(i -> new ReentrantLock()).toArray(ReentrantLock[]::new);

  private final LogStoreSettings settings;
  private final CommitLedger ledger;

  public DynamoDbLogStore(Configuration hadoopConf) {
    super(hadoopConf);
    this.settings = LogStoreSettings.from(hadoopConf);
    this.ledger = new CommitLedger(client(settings), settings.tableName());
  }

  @Override
  public CloseableIterator<String> read(Path path, Configuration hadoopConf) throws IOException {
    // A reader may meet a commit file that another process is rewriting (with the same bytes)
    // while it completes an entry; S3A then reports the changed object mid-read. Read again.
    IOException last = null;
    for (int attempt = 0; attempt <= settings.readRetries(); attempt++) {
      List<String> lines = new ArrayList<>();
      try (CloseableIterator<String> it = super.read(path, hadoopConf)) {
        it.forEachRemaining(lines::add);
        return new ListIterator(lines);
      } catch (FileNotFoundException e) {
        throw e;
      } catch (UncheckedIOException e) {
        if (e.getCause() instanceof FileNotFoundException missing) {
          throw missing;
        }
        last = e.getCause();
      } catch (IOException e) {
        last = e;
      }
      LOG.info("reading {} failed (attempt {}): {}", path, attempt + 1, last.toString());
    }
    throw last;
  }

  @Override
  public Iterator<FileStatus> listFrom(Path path, Configuration hadoopConf) throws IOException {
    FileSystem fs = path.getFileSystem(hadoopConf);
    Path p = fs.makeQualified(path);
    // Only a listing of a log completes its latest commit (VACUUM lists data directories too).
    if (LogPaths.isInLog(p)) {
      Path logDir = p.getParent();
      Optional<CommitEntry> latest = ledger.latest(LogPaths.tableKey(logDir.getParent()));
      if (latest.isPresent() && !latest.get().complete()) {
        complete(fs, logDir, latest.get(), false);
      }
    }
    return super.listFrom(path, hadoopConf);
  }

  @Override
  public void write(
      Path path, Iterator<String> actions, Boolean overwrite, Configuration hadoopConf)
      throws IOException {
    FileSystem fs = path.getFileSystem(hadoopConf);
    Path target = fs.makeQualified(path);
    if (overwrite) {
      LogFiles.writeLines(fs, target, actions, true);
    } else if (LogPaths.isCommitFile(target)) {
      commit(fs, target, actions);
    } else {
      // Not a commit (no ledger entry): S3 shows an object only once it is whole, so a plain
      // create is as good as Delta's own S3 store without its single-JVM lock.
      if (fs.exists(target)) {
        throw new FileAlreadyExistsException(target.toString());
      }
      LogFiles.writeLines(fs, target, actions, false);
    }
  }

  @Override
  public Boolean isPartialWriteVisible(Path path, Configuration hadoopConf) {
    return false;
  }

  private void commit(FileSystem fs, Path target, Iterator<String> actions) throws IOException {
    if (fs.exists(target)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    Path logDir = target.getParent();
    String tableKey = LogPaths.tableKey(logDir.getParent());
    completePrevious(fs, logDir, tableKey, LogPaths.version(target));
    String tempName = LogPaths.newTempName(target.getName());
    LogFiles.writeLines(fs, LogPaths.resolveTemp(logDir, tempName), actions, true);
    CommitEntry entry = CommitEntry.incomplete(tableKey, target.getName(), tempName);
    if (!ledger.claim(entry)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    commitWon(fs, logDir, entry);
  }

  /**
   * Steps 4 and 5 of a commit this writer won. Failing here does not undo the commit, so only a
   * commit file that holds other bytes than ours is an error; anything else is left to the next
   * reader or writer, which complete the entry.
   */
  protected void commitWon(FileSystem fs, Path logDir, CommitEntry entry) throws IOException {
    try {
      complete(fs, logDir, entry, true);
    } catch (LogFiles.ForeignCommitException e) {
      throw e;
    } catch (IOException e) {
      LOG.warn(
          "{} of {} is committed in the ledger but not yet in the log; the next reader or writer"
              + " completes it: {}",
          entry.fileName(),
          entry.tableKey(),
          e.toString());
    }
  }

  /** Before N: an incomplete N-1 is completed; a missing N-1 is an inconsistent log. */
  private void completePrevious(FileSystem fs, Path logDir, String tableKey, long version)
      throws IOException {
    if (version == 0) {
      Optional<CommitEntry> first = ledger.get(tableKey, LogPaths.commitFileName(0));
      if (first.isPresent() && first.get().complete()) {
        throw new IOException(
            "the ledger "
                + ledger.table()
                + " still has the entries of an earlier table at "
                + tableKey
                + " (deleted and created again?): delete its items before creating the table");
      }
      return;
    }
    String previous = LogPaths.commitFileName(version - 1);
    Optional<CommitEntry> entry = ledger.get(tableKey, previous);
    if (entry.isPresent() && !entry.get().complete()) {
      complete(fs, logDir, entry.get(), false);
    } else if (!fs.exists(new Path(logDir, previous))) {
      throw new IOException(
          "cannot commit version " + version + " of " + tableKey + ": " + previous + " is missing");
    }
  }

  /**
   * Puts the entry's staging file in the log unless the commit file is there, then marks the entry
   * complete. Retried, since a reader's listing or a writer's commit waits on it.
   *
   * @param own this writer's own commit: a commit file already there must hold our bytes
   */
  private void complete(FileSystem fs, Path logDir, CommitEntry entry, boolean own)
      throws IOException {
    Path target = new Path(logDir, entry.fileName());
    Path temp = LogPaths.resolveTemp(logDir, entry.tempName());
    ReentrantLock lock = LOCKS[Math.floorMod(target.toString().hashCode(), LOCKS.length)];
    lock.lock();
    try {
      IOException last = null;
      for (int attempt = 1; attempt <= COMPLETE_ATTEMPTS; attempt++) {
        try {
          // Our own commit is checked against a file already there; another's only completed.
          if (own) {
            LogFiles.copyNew(fs, temp, target, true);
          } else if (!fs.exists(target)) {
            LogFiles.copyNew(fs, temp, target, false);
            LOG.info("completed {} of {} from {}", entry.fileName(), entry.tableKey(), temp);
          }
          ledger.markComplete(entry, Instant.now().getEpochSecond() + settings.ttlSeconds());
          return;
        } catch (LogFiles.ForeignCommitException e) {
          throw e;
        } catch (IOException e) {
          last = e;
          pause(Duration.ofMillis(200L * attempt));
        }
      }
      throw last;
    } finally {
      lock.unlock();
    }
  }

  private static void pause(Duration d) throws InterruptedIOException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while completing a Delta commit");
    }
  }

  private static DynamoDbClient client(LogStoreSettings s) {
    String region =
        s.region() != null ? s.region() : new DefaultAwsRegionProviderChain().getRegion().id();
    return CLIENTS.computeIfAbsent(
        Arrays.asList(region, s.endpoint()),
        k -> DynamoDbClients.create(s.endpoint(), region, Duration.ofSeconds(10)));
  }

  /** Lines already read, as Delta's iterator type. */
  private static final class ListIterator implements CloseableIterator<String> {
    private final Iterator<String> it;

    ListIterator(List<String> lines) {
      this.it = lines.iterator();
    }

    @Override
    public boolean hasNext() {
      return it.hasNext();
    }

    @Override
    public String next() {
      return it.next();
    }

    @Override
    public void close() {}
  }
}
