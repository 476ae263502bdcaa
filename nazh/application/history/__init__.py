"""The roll log read back for people: /history's pages and /verify's answer by the visibility
rule, and the suggestions autocomplete offers from a user's recent rolls and saved ones."""
