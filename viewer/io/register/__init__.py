"""Registers: the data format kept in a database the whole team shares. No Qt here.

SQLite for one desk (`sqlite:///register.db`), PostgreSQL for a team
(`postgresql://user@host:5432/dbname`). url.py parses addresses and keeps passwords out of
sight; schema.py holds the tables and their numbered steps; connection.py talks to both
databases through Arrow; write.py creates, upgrades and imports; read.py reads a register into
the RawTable every file becomes. Analysts' notes go to its notes table through
viewer/io/notes_store.py; the window follows its changes in viewer/app/register_watch.py.
"""
