"""Staff accounts: users, password hashing and rules, the second factor."""
