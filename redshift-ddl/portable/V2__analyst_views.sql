-- Analyst views over the gold tables; portable (PostgreSQL and Redshift).
-- Rates are recomputed from summed counts, never averaged from per-group rates.

-- Daily fraud picture per state.
CREATE VIEW fraud.v_daily_fraud_rate_by_state AS
SELECT event_date,
       state,
       CAST(SUM(transactions) AS bigint)                          AS transactions,
       SUM(amount_sum)                                            AS amount_sum,
       CAST(SUM(labelled_fraud) AS bigint)                        AS labelled_fraud,
       CAST(SUM(labelled_fraud) AS double precision)
         / NULLIF(SUM(transactions), 0)                           AS labelled_fraud_rate,
       CAST(SUM(flagged) AS bigint)                               AS flagged,
       CAST(SUM(flagged) AS double precision)
         / NULLIF(SUM(transactions), 0)                           AS flagged_rate,
       CAST(SUM(declined) AS bigint)                              AS declined,
       CAST(SUM(declined) AS double precision)
         / NULLIF(SUM(transactions), 0)                           AS decline_rate
FROM fraud.regional_daily
GROUP BY event_date, state;

-- Customer segments ranked per day by labelled fraud rate (segments with >= 20 transactions,
-- so a single fraudulent purchase in a tiny segment does not top the board).
CREATE VIEW fraud.v_segment_leaderboard AS
SELECT event_date,
       gender,
       age_band,
       category,
       transactions,
       labelled_fraud,
       labelled_fraud_rate,
       flagged_rate,
       RANK() OVER (PARTITION BY event_date
                    ORDER BY labelled_fraud_rate DESC, transactions DESC)  AS fraud_rank
FROM fraud.segment_daily
WHERE transactions >= 20;

-- Merchants over the last 30 days of loaded data, ranked by flagged transactions
-- (`ORDER BY flagged_rank` for the top-N).
CREATE VIEW fraud.v_top_risky_merchants AS
SELECT merchant,
       category,
       MIN(event_date)                                            AS first_date,
       MAX(event_date)                                            AS last_date,
       CAST(SUM(transactions) AS bigint)                          AS transactions,
       CAST(SUM(flagged) AS bigint)                               AS flagged,
       CAST(SUM(flagged) AS double precision)
         / NULLIF(SUM(transactions), 0)                           AS flagged_rate,
       CAST(SUM(labelled_fraud) AS bigint)                        AS labelled_fraud,
       CAST(SUM(labelled_fraud) AS double precision)
         / NULLIF(SUM(transactions), 0)                           AS labelled_fraud_rate,
       RANK() OVER (ORDER BY SUM(flagged) DESC)                   AS flagged_rank
FROM fraud.merchant_daily
WHERE event_date > (SELECT MAX(event_date) FROM fraud.merchant_daily) - INTERVAL '30 days'
GROUP BY merchant, category;
