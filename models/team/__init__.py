"""Team work offline: identities, packages, allocation, fieldwork and return exchange, merge, moderation."""
