"""`python -m viewer [FILE]`: the same as the `regtimeline` command."""

import sys

from viewer.cli import main

sys.exit(main())
