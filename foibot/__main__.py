"""`python -m foibot` runs the command line."""

from foibot.cli import main

if __name__ == "__main__":
    main()
