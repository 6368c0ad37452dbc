package io.cardstream.console.source;

import java.util.List;
import java.util.Map;

/** The backlog of each shard of a Kinesis stream behind a checkpoint's shard positions. */
public interface ShardBacklog {

  /**
   * Every shard of the stream with the records waiting past {@code done} (a shard missing there has
   * not been read: all it holds is waiting).
   */
  List<Backlog> backlog(Map<String, StreamFiles.ShardAt> done);
}
