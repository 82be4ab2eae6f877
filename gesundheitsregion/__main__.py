from gesundheitsregion.cli import main

raise SystemExit(main())
