"""The admin pages: one module per thing being managed."""
