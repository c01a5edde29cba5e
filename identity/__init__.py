"""Who is asking: phantom users, the development sign-in, Identity-Aware Proxy, admins, CSRF."""
