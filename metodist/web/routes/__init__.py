"""The desk's routers, one per resource: sign-in, overview, review, packets, the JSON API."""
