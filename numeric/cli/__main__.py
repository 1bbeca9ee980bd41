"""``python -m mileak.numeric.cli``: the ``mileak`` command."""

import sys

from mileak.numeric.cli.main import main

sys.exit(main())
