-- Redshift only (never applied to PostgreSQL): distribution, sort keys and the Spectrum schema.
-- Portable migrations use versions 1-99, Redshift-only ones 100+; Migrations enables outOfOrder
-- on Redshift so a later portable V3 still applies after V100.
-- ALTER DISTKEY/DISTSTYLE cannot run inside a transaction block: see the .sql.conf next to this.

-- Facts: co-locate a card's rows (per-card analyses join and window on card_id); most queries
-- filter on a date range.
ALTER TABLE fraud.fact_transactions ALTER DISTKEY card_id;
ALTER TABLE fraud.fact_transactions ALTER SORTKEY (event_date, event_time);
-- The staging table distributes like its target so INSERT ... SELECT does not redistribute.
ALTER TABLE fraud.stage_fact_transactions ALTER DISTKEY card_id;

-- Gold tables are small (one row per key per day): a copy on every node, sorted by date.
ALTER TABLE fraud.regional_daily ALTER DISTSTYLE ALL;
ALTER TABLE fraud.regional_daily ALTER SORTKEY (event_date);
ALTER TABLE fraud.segment_daily ALTER DISTSTYLE ALL;
ALTER TABLE fraud.segment_daily ALTER SORTKEY (event_date);
ALTER TABLE fraud.merchant_daily ALTER DISTSTYLE ALL;
ALTER TABLE fraud.merchant_daily ALTER SORTKEY (event_date);
ALTER TABLE fraud.load_audit ALTER SORTKEY (run_date);

-- Spectrum: the lake's Glue tables (database cardstream, see the catalog job) queryable as
-- lake.<table> next to the loaded tables. ${iam_role} is a Flyway placeholder (Migrations passes
-- --iam-role; on the Flyway command line: -placeholders.iam_role=arn:...).
CREATE EXTERNAL SCHEMA IF NOT EXISTS lake
FROM DATA CATALOG DATABASE 'cardstream'
IAM_ROLE '${iam_role}';
