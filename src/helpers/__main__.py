"""``python -m helpers`` runs the ``xuncha`` command line."""
import sys

from .cli import main

sys.exit(main())
