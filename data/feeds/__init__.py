"""Podcast feeds: building RSS for apps, and importing a show from someone else's feed."""
