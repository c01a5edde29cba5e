"""One module per external service; each client is built once in `create_app` and kept in `app.extensions`."""
