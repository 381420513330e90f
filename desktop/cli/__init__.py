"""The `fieldwork` command line. No Qt."""
