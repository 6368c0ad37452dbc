package io.cardstream.common.lake;

import java.util.List;

/**
 * The DynamoDB tables, their keys and indexes. Table names get a deployment's prefix ({@link
 * #name}); the local stack uses none.
 */
public final class DynamoTables {

  /** A card's transactions by time: PK {@code card_id}, SK {@code event_time#trans_num}. */
  public static final String TRANSACTIONS = "transactions";

  public static final List<String> TRANSACTIONS_KEY = List.of("card_id", "event_time_trans_num");

  /** A merchant's transactions by time, on {@link #TRANSACTIONS}. */
  public static final String BY_MERCHANT = "by_merchant";

  public static final List<String> BY_MERCHANT_KEY = List.of("merchant", "event_time_trans_num");

  /**
   * Every REVIEW and DECLINE: PK {@code trans_num}, SK {@code card_id} (two cards may use the same
   * id; a look-up by id alone is one Query).
   */
  public static final String FRAUD_AUDIT = "fraud_audit";

  public static final List<String> FRAUD_AUDIT_KEY = List.of("trans_num", "card_id");

  /**
   * The customer contact directory, by card token: where the notifier sends a card's alerts (an
   * e-mail address; never the card number or the cardholder's name).
   */
  public static final String CONTACTS = "customer_contacts";

  public static final List<String> CONTACTS_KEY = List.of("card_id");

  /** The notifier's ledger, by alert id: at most one e-mail per alert, across restarts. */
  public static final String ALERT_NOTIFICATIONS = "alert_notifications";

  public static final List<String> ALERT_NOTIFICATIONS_KEY = List.of("alert_id");

  /**
   * The Delta commit ledger of {@code io.cardstream.common.delta.DynamoDbLogStore}: one item per
   * commit file, PK {@code tablePath} (the table's normalized URI), SK {@code fileName} (e.g.
   * {@code 00000000000000000042.json}); both strings. On-demand billing; completed items expire
   * through DynamoDB TTL on {@link #DELTA_LOG_TTL}.
   */
  public static final String DELTA_LOG = "delta_log";

  public static final List<String> DELTA_LOG_KEY = List.of("tablePath", "fileName");

  /** The TTL attribute of {@link #DELTA_LOG}: epoch seconds, set once a commit is complete. */
  public static final String DELTA_LOG_TTL = "expireTime";

  private DynamoTables() {}

  /** The deployed name of {@code table} under {@code prefix} (null or empty: none). */
  public static String name(String prefix, String table) {
    return prefix == null ? table : prefix + table;
  }
}
