"""How staff change content: version-checked saves, the audit log, the dashboard's counts."""
