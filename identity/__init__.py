"""Who is asking: phantom users, Sign in with Google, the development sign-in, session generations, admins,
shown names, CSRF."""
