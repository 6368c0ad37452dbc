-- The warehouse loader's rights: the user the nightly load and its Flyway migrations run as.
-- One definition for both warehouses (WarehouseLoader reads this file): the local stack applies it
-- to PostgreSQL as the superuser (StackInit), the CardstreamWarehouse stack to Redshift Serverless
-- as the admin (a custom resource, through the Redshift Data API). ${user} is the loader, which
-- exists before this runs, and ${database} the warehouse's database. Every statement is idempotent.

-- The owner of schema fraud: the migrations create and alter its tables, the load fills them.
CREATE SCHEMA IF NOT EXISTS fraud AUTHORIZATION ${user};
ALTER SCHEMA fraud OWNER TO ${user};

-- Flyway's V1 runs CREATE SCHEMA IF NOT EXISTS fraud, which PostgreSQL authorises (CREATE on the
-- database) before it looks for the schema; Redshift's V100 creates the Spectrum schema lake.
-- A schema the loader creates is its own; it gets nothing on any schema it does not own.
GRANT CREATE ON DATABASE ${database} TO ${user};

-- No table outside fraud: PUBLIC may create in schema public on Redshift and on PostgreSQL before
-- 15. The admin (a superuser) is not affected.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
