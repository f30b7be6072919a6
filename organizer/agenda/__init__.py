"""Agendas: rooms, sessions, speakers, interpretation, releases, exports."""
