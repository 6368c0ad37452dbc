-- Athena views over the cardstream Glue database (run each statement in Athena, database
-- cardstream). They answer the analysts' standing questions from the gold tables.

-- Daily fraud rate by state: labelled fraud (ground truth, when labels exist) and decided fraud
-- (what the stream flagged for review or declined).
CREATE OR REPLACE VIEW cardstream.daily_fraud_rate_by_state AS
SELECT event_date,
       state,
       SUM(transactions) AS transactions,
       SUM(labelled_fraud) AS labelled_fraud,
       CAST(SUM(labelled_fraud) AS double) / SUM(transactions) AS labelled_fraud_rate,
       SUM(flagged) AS flagged,
       CAST(SUM(flagged) AS double) / SUM(transactions) AS flagged_rate,
       SUM(declined) AS declined
FROM cardstream.regional_daily
GROUP BY event_date, state;

-- Segment leaderboard: gender x age band ranked by labelled fraud rate over the last 30 days of
-- data (minimum 100 transactions so that tiny segments do not top the list by chance).
CREATE OR REPLACE VIEW cardstream.segment_leaderboard AS
WITH recent AS (
  SELECT * FROM cardstream.segment_daily
  WHERE event_date > (SELECT MAX(event_date) FROM cardstream.segment_daily) - INTERVAL '30' DAY
)
SELECT gender,
       age_band,
       SUM(transactions) AS transactions,
       SUM(labelled_fraud) AS labelled_fraud,
       CAST(SUM(labelled_fraud) AS double) / SUM(transactions) AS labelled_fraud_rate,
       CAST(SUM(flagged) AS double) / SUM(transactions) AS flagged_rate,
       RANK() OVER (ORDER BY CAST(SUM(labelled_fraud) AS double) / SUM(transactions) DESC) AS rank
FROM recent
GROUP BY gender, age_band
HAVING SUM(transactions) >= 100;

-- Top risky merchants: share of a merchant's transactions the stream flagged, last 30 days.
CREATE OR REPLACE VIEW cardstream.top_risky_merchants AS
WITH recent AS (
  SELECT * FROM cardstream.merchant_daily
  WHERE event_date > (SELECT MAX(event_date) FROM cardstream.merchant_daily) - INTERVAL '30' DAY
)
SELECT merchant,
       category,
       SUM(transactions) AS transactions,
       SUM(flagged) AS flagged,
       CAST(SUM(flagged) AS double) / SUM(transactions) AS flagged_rate,
       CAST(SUM(declined) AS double) / SUM(transactions) AS decline_rate,
       CAST(SUM(labelled_fraud) AS double) / SUM(transactions) AS labelled_fraud_rate
FROM recent
GROUP BY merchant, category
HAVING SUM(transactions) >= 20
ORDER BY flagged_rate DESC
LIMIT 100;
