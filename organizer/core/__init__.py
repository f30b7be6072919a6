"""Core pages: the language chooser at ``/``, the home page, error pages, the base layout."""
