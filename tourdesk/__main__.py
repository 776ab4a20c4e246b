from tourdesk.cli import main

main()
