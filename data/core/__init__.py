"""Building blocks every feature uses: safe fields and timestamps, Markdown, row helpers, the content stamp."""
