from dialogstats.cli import main

raise SystemExit(main())
