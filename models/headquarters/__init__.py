"""Headquarters: publishing finished inspections to PostgreSQL and the national tables."""
