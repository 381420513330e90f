"""Application layer: composition root, CLI, GUI controllers, settings and secrets."""
