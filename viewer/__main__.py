"""`python -m viewer [FILE]`: the same as the `regtimeline` command."""

import sys

from viewer.cli.main import main

sys.exit(main())
