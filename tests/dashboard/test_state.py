import ast
from pathlib import Path

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"
OWNER = DASHBOARD / "state.py"


def _holder(node: ast.AST) -> str | None:
    """'session_state' or 'query_params' where a node is st.session_state / st.query_params."""
    if isinstance(node, ast.Attribute) and node.attr in ("session_state", "query_params"):
        return node.attr
    return None


def _bare_keys(tree: ast.AST) -> list[str]:
    """Keys written as bare strings where session state or query parameters are used."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and _holder(node.value) \
                and isinstance(node.slice, ast.Constant):
            found.append(node.slice.value)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and _holder(node.func.value) and node.args \
                and isinstance(node.args[0], ast.Constant):
            found.append(node.args[0].value)
        elif isinstance(node, ast.Compare) and any(_holder(c) for c in node.comparators) \
                and isinstance(node.left, ast.Constant):
            found.append(node.left.value)
    return found


def _declared_keys(tree: ast.Module) -> list[str]:
    return [target.id for node in tree.body if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name) and target.id.endswith(("_KEY", "_PARAM"))]


def test_every_session_key_and_query_parameter_is_declared_in_one_module():
    strays = {}
    for path in sorted(DASHBOARD.rglob("*.py")):
        if path == OWNER:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if found := _bare_keys(tree) + _declared_keys(tree):
            strays[str(path.relative_to(DASHBOARD))] = found
    assert strays == {}, "declare these in dashboard/state.py and use the names"
    owner = ast.parse(OWNER.read_text(encoding="utf-8"))
    declared = _declared_keys(owner)
    assert len(declared) >= 20 and len(set(declared)) == len(declared)


def test_the_checks_find_bare_keys():
    code = ("st.session_state['a'] = 1\nst.session_state.get('b')\nst.query_params['c']\n"
            "'d' in st.session_state\nst.session_state[KEY]\nX_KEY = 'e'\n")
    tree = ast.parse(code)
    assert sorted(_bare_keys(tree)) == ["a", "b", "c", "d"]
    assert _declared_keys(tree) == ["X_KEY"]


def test_the_role_is_a_viewers_until_the_app_says_otherwise():
    from streamlit.testing.v1 import AppTest

    def page():
        import streamlit as st

        from dashboard import state

        st.write(state.role())
        st.session_state[state.ROLE_KEY] = "editor"
        st.write(state.role())

    app = AppTest.from_function(page).run()
    assert [m.value for m in app.markdown] == ["viewer", "editor"]


def test_a_survey_link_is_the_apps_own_root_whichever_page_makes_it(monkeypatch):
    import streamlit as st

    from dashboard.state import survey_address

    monkeypatch.delenv("TCI_SURVEY_URL", raising=False)
    monkeypatch.setattr(type(st.context), "url", property(
        lambda self: "https://tci.example.gov.uk/asset-survey?borough=E08000004"))
    assert survey_address("s3cret") == "https://tci.example.gov.uk/?survey=s3cret"
    monkeypatch.setenv("TCI_SURVEY_URL", "https://survey.example.gov.uk/")
    assert survey_address("s3cret") == "https://survey.example.gov.uk/?survey=s3cret"


def test_a_readiness_link_is_made_as_a_survey_link(monkeypatch):
    import streamlit as st

    from dashboard.state import readiness_address

    monkeypatch.delenv("TCI_SURVEY_URL", raising=False)
    monkeypatch.setattr(type(st.context), "url", property(
        lambda self: "https://tci.example.gov.uk/readiness?borough=E08000004"))
    assert readiness_address("s3cret") == "https://tci.example.gov.uk/?readiness=s3cret"
    monkeypatch.setenv("TCI_SURVEY_URL", "https://survey.example.gov.uk/")
    assert readiness_address("s3cret") == "https://survey.example.gov.uk/?readiness=s3cret"
