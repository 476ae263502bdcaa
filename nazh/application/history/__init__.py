"""The roll log read back for people: /history's pages, /verify, autocomplete's suggestions."""
