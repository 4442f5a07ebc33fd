"""HTTP handlers, one module per feature. Thin: read params, call data, pick a template."""
