"""The open read-only API (``/api/v1/``): public data only, as JSON, in every language at once.

An application layer like ``core``: it reads through the domains' queries and imports any of them;
no domain imports it. ``views`` (routes), ``shapes`` (rows and snapshots -> JSON), ``conditional``
(ETag, 304, CORS), ``paging`` (limit and cursor), ``openapi`` (the document at
``/api/v1/openapi.json``).
"""
