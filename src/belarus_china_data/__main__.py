"""``python -m belarus_china_data`` runs the command line."""

from .cli import main

raise SystemExit(main())
