"""Qt controllers between the widgets and the service layer. They never import widgets or the CLI."""
