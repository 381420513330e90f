"""Documents that leave the tool: report tables, narrative, letters. Never imports Qt."""
