"""Helpers shared by the cardstream DAGs (kept out of DAG parsing by .airflowignore)."""
