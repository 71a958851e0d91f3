"""A small HTTP service on the Python standard library (http.server)."""
