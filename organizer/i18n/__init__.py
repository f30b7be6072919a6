"""Two languages, interface and content: locale choice, the per-language content type, formatting."""
