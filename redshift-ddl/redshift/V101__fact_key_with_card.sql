-- Redshift only: the same key as PostgreSQL's V201. Redshift does not enforce keys, but its planner
-- trusts a declared one; declared on (event_date, trans_num) it would be wrong once two cards share
-- an id, and queries relying on it could return wrong results.
ALTER TABLE fraud.fact_transactions DROP CONSTRAINT fact_transactions_pkey;
ALTER TABLE fraud.fact_transactions ADD PRIMARY KEY (event_date, card_id, trans_num);
