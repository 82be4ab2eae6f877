from gesundheitsregion.cli import script

script()
