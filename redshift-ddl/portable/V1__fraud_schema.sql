-- Warehouse schema `fraud`: portable SQL that runs unchanged on PostgreSQL (local) and Redshift.
-- Only types both support. Timestamps are UTC wall-clock values (timestamp without time zone).
-- Column order is the load contract: WarehouseTable lists the same columns in the same order and
-- the staging CSV files carry them in that order.

CREATE SCHEMA IF NOT EXISTS fraud;

-- One row per scored transaction, tokenized (card_id is the HMAC token; no PAN, no names).
CREATE TABLE fraud.fact_transactions (
    trans_num      varchar(64)      NOT NULL,
    event_time     timestamp        NOT NULL,
    event_date     date             NOT NULL,
    card_id        varchar(64),
    card_last4     varchar(4),
    merchant       varchar(256),
    category       varchar(64),
    amt            double precision,
    gender         varchar(16),
    age            double precision,   -- NULL when unknown (the lake stores -1)
    age_band       varchar(16)      NOT NULL,
    city           varchar(128),
    state          varchar(16),
    zip            varchar(16),
    lat            double precision,
    long           double precision,
    city_pop       bigint,
    job            varchar(256),
    merch_lat      double precision,
    merch_long     double precision,
    is_fraud       integer,            -- NULL until a label arrives
    score          double precision,   -- NULL when decided by rules alone
    decision       varchar(16)      NOT NULL,
    reasons        varchar(1024),      -- reason codes, comma-joined
    model_version  varchar(128),
    rules_version  varchar(128),
    PRIMARY KEY (event_date, trans_num)
);

-- Gold aggregates: event_date, the keys (never NULL; 'unknown' instead), the same measures.
CREATE TABLE fraud.regional_daily (
    event_date           date             NOT NULL,
    state                varchar(16)      NOT NULL,
    city                 varchar(128)     NOT NULL,
    category             varchar(64)      NOT NULL,
    transactions         bigint,
    amount_sum           double precision,
    amount_avg           double precision,
    labelled_fraud       bigint,
    labelled_fraud_rate  double precision,
    flagged              bigint,
    flagged_rate         double precision,
    reviewed             bigint,
    review_rate          double precision,
    declined             bigint,
    decline_rate         double precision,
    distinct_cards       bigint,
    PRIMARY KEY (event_date, state, city, category)
);

CREATE TABLE fraud.segment_daily (
    event_date           date             NOT NULL,
    gender               varchar(16)      NOT NULL,
    age_band             varchar(16)      NOT NULL,
    category             varchar(64)      NOT NULL,
    transactions         bigint,
    amount_sum           double precision,
    amount_avg           double precision,
    labelled_fraud       bigint,
    labelled_fraud_rate  double precision,
    flagged              bigint,
    flagged_rate         double precision,
    reviewed             bigint,
    review_rate          double precision,
    declined             bigint,
    decline_rate         double precision,
    distinct_cards       bigint,
    PRIMARY KEY (event_date, gender, age_band, category)
);

CREATE TABLE fraud.merchant_daily (
    event_date           date             NOT NULL,
    merchant             varchar(256)     NOT NULL,
    category             varchar(64)      NOT NULL,
    transactions         bigint,
    amount_sum           double precision,
    amount_avg           double precision,
    labelled_fraud       bigint,
    labelled_fraud_rate  double precision,
    flagged              bigint,
    flagged_rate         double precision,
    reviewed             bigint,
    review_rate          double precision,
    declined             bigint,
    decline_rate         double precision,
    distinct_cards       bigint,
    PRIMARY KEY (event_date, merchant, category)
);

-- Staging tables: same columns, no keys. COPY fills them; one transaction then replaces the run
-- date's rows of the target table with their contents. LIKE copies the columns and NOT NULL on
-- both databases, not the primary key (the target table checks that on the swap).
CREATE TABLE fraud.stage_fact_transactions (LIKE fraud.fact_transactions);
CREATE TABLE fraud.stage_regional_daily (LIKE fraud.regional_daily);
CREATE TABLE fraud.stage_segment_daily (LIKE fraud.segment_daily);
CREATE TABLE fraud.stage_merchant_daily (LIKE fraud.merchant_daily);

-- One row per table load attempt: status 'loaded' or 'failed' (message says why).
CREATE TABLE fraud.load_audit (
    run_date      date           NOT NULL,
    table_name    varchar(64)    NOT NULL,
    manifest_url  varchar(1024),
    rows_loaded   bigint         NOT NULL,
    status        varchar(16)    NOT NULL,
    message       varchar(4096),
    loaded_at     timestamp      NOT NULL
);
