"""`python -m desktop`: the same as the `fieldwork` command."""

import sys

from desktop.main import main

sys.exit(main())
