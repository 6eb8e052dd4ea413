"""What every page shares: signing in, sessions, languages, errors, paging and the start page."""
