"""What a roll carries over to later ones: Opportunities and Complications spent on them."""
