"""The archive: the directory of organizations, organization and person pages, and the site search.
It sits above convenings (it shows who took part where) and only reads and edits organizations and
people through ``organizations.services``."""
