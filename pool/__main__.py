import sys

from pool.cli import main

sys.exit(main())
