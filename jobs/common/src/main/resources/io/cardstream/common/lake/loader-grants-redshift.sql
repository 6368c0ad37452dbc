-- Redshift only, after loader-grants.sql: the loader's COPY ... IAM_ROLE '${copy_role}' (the role
-- Redshift assumes to read the staging prefix). Redshift refuses this GRANT in a transaction block,
-- so each statement runs on its own.
GRANT ASSUMEROLE ON '${copy_role}' TO ${user} FOR COPY;
