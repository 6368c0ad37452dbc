package io.cardstream.common.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's file steps on Hadoop's local file system (which, unlike S3, refuses overwrites). */
class LogFilesTest {

  @TempDir java.nio.file.Path dir;

  private FileSystem fs;
  private Path log;

  @BeforeEach
  void setUp() throws IOException {
    fs = FileSystem.getLocal(new Configuration()).getRaw();
    log = new Path(dir.toUri().toString(), "_delta_log");
  }

  @Test
  void actionsBecomeOneLineEachAndANewFileIsNeverReplaced() throws IOException {
    Path commit = new Path(log, LogPaths.commitFileName(0));
    LogFiles.writeLines(fs, commit, List.of("{\"a\":1}", "{\"b\":2}").iterator(), false);
    assertThat(text(commit)).isEqualTo("{\"a\":1}\n{\"b\":2}\n");

    assertThatThrownBy(
            () -> LogFiles.writeLines(fs, commit, List.of("{\"c\":3}").iterator(), false))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(text(commit)).isEqualTo("{\"a\":1}\n{\"b\":2}\n");

    LogFiles.writeLines(fs, commit, List.of("{\"c\":3}").iterator(), true);
    assertThat(text(commit)).isEqualTo("{\"c\":3}\n");
  }

  @Test
  void completingACommitTwiceFromItsStagingFileIsHarmless() throws IOException {
    Path temp = staged("{\"add\":1}");
    Path commit = new Path(log, LogPaths.commitFileName(4));
    LogFiles.copyNew(fs, temp, commit, true);
    // A reader completing the same entry meanwhile, and the winner's own copy after it.
    LogFiles.copyNew(fs, temp, commit, false);
    LogFiles.copyNew(fs, temp, commit, true);
    assertThat(text(commit)).isEqualTo("{\"add\":1}\n");
  }

  @Test
  void theWinnerFailsWhenItsCommitFileHoldsAnotherWritersBytes() throws IOException {
    Path ours = staged("{\"ours\":1}");
    Path commit = new Path(log, LogPaths.commitFileName(7));
    LogFiles.writeLines(fs, commit, List.of("{\"outsider\":1}").iterator(), false);

    assertThatThrownBy(() -> LogFiles.copyNew(fs, ours, commit, true))
        .isInstanceOf(LogFiles.ForeignCommitException.class)
        .hasMessageContaining(DeltaMultiWriter.LOG_STORE_CLASS);
    // Completing someone else's entry leaves a file that is there alone.
    LogFiles.copyNew(fs, ours, commit, false);
    assertThat(text(commit)).isEqualTo("{\"outsider\":1}\n");
  }

  private Path staged(String line) throws IOException {
    Path temp = LogPaths.resolveTemp(log, LogPaths.newTempName(LogPaths.commitFileName(0)));
    LogFiles.writeLines(fs, temp, List.of(line).iterator(), false);
    return temp;
  }

  private String text(Path p) throws IOException {
    return new String(LogFiles.readAll(fs, p), StandardCharsets.UTF_8);
  }
}
