import sys

import pytest


def test_the_app_starts_with_its_static_files_without_a_collection_per_run_or_watcher(monkeypatch):
    import gc
    import threading

    from streamlit.web import cli

    from dashboard import __main__ as start

    started, seen = [], []
    monkeypatch.setattr(threading.Thread, "start", lambda self: started.append(self.name))
    monkeypatch.setattr(cli, "main", lambda: seen.append(list(sys.argv)) or 0)
    monkeypatch.setattr(gc, "set_threshold", lambda *t: monkeypatch.setattr(
        gc, "get_threshold", lambda: t))  # this test process keeps its own
    with pytest.raises(SystemExit):
        start.main(["--server.port", "8600"])
    assert started == ["warm-caches"]
    assert gc.get_threshold()[2] == start.FULL_COLLECTION_EVERY
    argv = seen[0]
    assert argv[:3] == ["streamlit", "run", str(start.APP)]
    options = dict(zip(argv[3::2], argv[4::2], strict=True))
    assert options == {"--server.enableStaticServing": "true", "--runner.postScriptGC": "false",
                       "--runner.magicEnabled": "false", "--server.fileWatcherType": "none",
                       "--server.port": "8600"}
