import sys

from editorial.cli import main

sys.exit(main())
