"""The data layer: everything between the open data, users' files and the database, and the
engine in ``indices``; no Streamlit here.

Its rooms: ``opendata`` (the published datasets and their catalogue), ``fetch`` (getting them
from their publishers), ``userfiles`` (reading and checking users' files), ``stats`` (rates,
funnels, counts and suppression), ``areas`` (boroughs, levels, neighbourhoods and profiles)
and ``store`` (the database and the files users save). Beside them: ``settings``, ``errors``,
``exports``, ``workspace`` and the command line (``cli``, ``python -m data``).
"""
