"""Joint declarations: bilingual clauses, proposals, reconciliation, adoption, sign-on."""
