"""The podcast catalogue: shows, episodes, guests, sponsors and episode chapters, with their queries."""
