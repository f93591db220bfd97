"""``python -m extract`` runs the command line."""

from extract.launch import run

run()
