from talentdesk.cli import main

main()
