from dashboard.roles import can_administer, can_edit, role_for

LISTS = {"admins": ["Ana@Oldham.gov.uk"], "editors": ["ben@oldham.gov.uk"]}


def test_roles_come_from_the_lists():
    assert role_for("ana@oldham.gov.uk", LISTS) == "admin"
    assert role_for(" BEN@oldham.gov.uk ", LISTS) == "editor"
    assert role_for("someone@example.org", LISTS) == "viewer"
    assert role_for(None, LISTS) == "viewer" and role_for("x@y", {}) == "viewer"


def test_what_each_role_may_do():
    assert [can_edit(r) for r in ("viewer", "editor", "admin")] == [False, True, True]
    assert [can_administer(r) for r in ("viewer", "editor", "admin")] == [False, False, True]
