package io.cardstream.streaming.sink;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One micro-batch after the decide stage, in the shapes the sinks write. The datasets are cached by
 * the stream for the time the sinks run.
 *
 * @param queryId the streaming query's id (stable across restarts from the same checkpoint)
 * @param batchId the micro-batch id: replayed batches come back with the same id
 * @param bronze valid events, tokenized, with ingest metadata
 * @param silver valid events with features, score, decision, reasons and versions
 * @param quarantine rejected events: reason, detail, masked payload, ingest metadata
 * @param scored rows in silver
 * @param quarantined rows in quarantine
 * @param files Delta data files per table the batch should write (bronze, silver)
 */
public record ScoredBatch(
    String queryId,
    long batchId,
    Dataset<Row> bronze,
    Dataset<Row> silver,
    Dataset<Row> quarantine,
    long scored,
    long quarantined,
    int files) {}
