-- PostgreSQL only: the staging tables are scratch space (every load TRUNCATEs and refills them),
-- so they skip the write-ahead log. COPY into them is cheaper; after a server crash PostgreSQL
-- empties them, which a load does anyway. The targets stay logged.
ALTER TABLE fraud.stage_fact_transactions SET UNLOGGED;
ALTER TABLE fraud.stage_regional_daily SET UNLOGGED;
ALTER TABLE fraud.stage_segment_daily SET UNLOGGED;
ALTER TABLE fraud.stage_merchant_daily SET UNLOGGED;
