package io.cardstream.common.lake;

import java.util.List;

/** The Kafka topics of the pipeline. */
public final class Topics {

  /** Card transactions in: the producers write, the stream reads. */
  public static final String TRANSACTIONS = "transactions";

  /**
   * The Kinesis data stream that carries {@link #TRANSACTIONS} when the pipeline runs on Kinesis
   * (locally in the emulator, on AWS in the deployment).
   */
  public static final String KINESIS_TRANSACTIONS = "cardstream-" + TRANSACTIONS;

  public static final String APPROVED = "decisions.approved";

  /** REVIEW and DECLINE decisions. */
  public static final String DECLINED = "decisions.declined";

  /** REVIEW and DECLINE decisions, for the notifier. */
  public static final String ALERTS = "alerts";

  /** Rejected records, masked. */
  public static final String DLQ = "transactions.dlq";

  /**
   * Answers about flagged transactions (customers' "was this you?" links, analysts' resolutions):
   * key trans_num, value a {@link io.cardstream.common.feedback.FeedbackEvent}.
   */
  public static final String FEEDBACK = "feedback";

  /** Alerts the notifier could not deliver after its retries (masked, for an operator). */
  public static final String ALERTS_DLQ = "alerts.dlq";

  /** The stream's marker of the last micro-batch it wrote to the topics above. */
  public static final String SINK_COMMITS = "cardstream.sink-commits";

  /**
   * The decisions query's hand-off to the lake query: per decided row its silver row, per reject
   * its quarantine row ({@code {"silver": {...}}} or {@code {"quarantine": {...}}}), written in the
   * decisions' Kafka transaction and read read_committed; retention (7 days) bounds how long the
   * lake query may be down.
   */
  public static final String LAKE = "cardstream.lake";

  /**
   * Flags of the control plane, compacted: key = card token, value = the latest flag or unflag of
   * that card ({@link io.cardstream.common.control.FlagEvent}).
   */
  public static final String FLAGGED_ACCOUNTS = "flagged_accounts";

  /** The rules document in force, compacted: key {@code rules}, value the rules JSON. */
  public static final String RULES = "rules";

  /** Topics that keep the latest value per key for ever (the control plane). */
  public static final List<String> COMPACTED = List.of(FLAGGED_ACCOUNTS, RULES);

  /** Every topic, in the order the local stack creates them. */
  public static final List<String> ALL =
      List.of(
          TRANSACTIONS,
          APPROVED,
          DECLINED,
          ALERTS,
          DLQ,
          SINK_COMMITS,
          LAKE,
          FLAGGED_ACCOUNTS,
          RULES,
          ALERTS_DLQ,
          FEEDBACK);

  private Topics() {}
}
