"""Qt widgets, item models and dialogs. They call desktop controllers, never the database."""
