"""The training side: courses, chapters and lectures, with their queries."""
