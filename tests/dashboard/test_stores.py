def test_the_register_is_seeded_once_per_database_and_borough(root, tmp_path, monkeypatch):
    from dashboard import stores
    from data.store.assets import AssetStore

    asked = []
    monkeypatch.setattr(AssetStore, "seed", lambda self, data, code: asked.append(code) or 0)
    url = f"sqlite:///{tmp_path / 'tci.sqlite3'}"
    for _ in range(3):  # three runs of a page
        stores.seeded(url, str(root), "E08000004")
    stores.seeded(url, str(root), "E08000005")
    assert asked == ["E08000004", "E08000005"]


def test_the_stores_open_one_database_and_the_chosen_boroughs_register(root, tmp_path,
                                                                      monkeypatch):
    from dashboard import stores

    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    monkeypatch.setattr(stores, "place", lambda: (str(root), "E08000004"))
    assert stores.note_store().engine is stores.asset_store().engine
    assert stores.asset_store().count("E08000004") > 100  # seeded from the open registers
    assert stores.asset_store().count("E08000005") == 0  # a borough not chosen: not yet
    assert stores.spec_store().folder == tmp_path / "specs"
