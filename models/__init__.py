"""Domain layer: tables, database, framework and services. Never imports Qt."""
