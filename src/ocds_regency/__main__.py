"""Allow ``python -m ocds_regency``."""

import sys

from ocds_regency.cli import main

sys.exit(main())
