"""This laptop's own state: secrets, identity store, settings, paths, first run. No Qt, no CLI."""
