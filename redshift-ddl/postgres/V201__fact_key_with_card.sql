-- PostgreSQL only: two cards may use the same trans_num (ids come from many producers), so a
-- transaction is the card's and the id's together; the old key (event_date, trans_num) would refuse
-- the second card's row and fail the whole load. Adding the key also makes card_id NOT NULL, which
-- the stream guarantees.
ALTER TABLE fraud.fact_transactions DROP CONSTRAINT fact_transactions_pkey;
ALTER TABLE fraud.fact_transactions ADD PRIMARY KEY (event_date, card_id, trans_num);
