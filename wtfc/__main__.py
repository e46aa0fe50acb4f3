import sys

from wtfc.cli import main

sys.exit(main())
