"""The inspection core: the encrypted file, the framework, the service layer, imports, tallies, audit."""
