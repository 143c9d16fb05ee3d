import sys

from readability.cli import main

sys.exit(main())
