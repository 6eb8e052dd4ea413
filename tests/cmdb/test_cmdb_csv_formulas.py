"""CMDB CSV exports are safe to open in a spreadsheet and still import back unchanged."""
from app.cmdb.items import create_ci, get_ci, save_ci_type
from app.cmdb.transfer import export_cis_csv, import_cis_csv


def test_formula_like_text_is_guarded_on_export_and_restored_on_import(app, admin_actor, clock) -> None:
    save_ci_type(admin_actor, "server", "Server", [])
    item = create_ci(admin_actor, clock, "server", {"name": "=HYPERLINK(\"http://evil\")", "location": "@rack 4"})
    exported = export_cis_csv("server")
    assert "'=HYPERLINK" in exported and "'@rack 4" in exported
    report = import_cis_csv(admin_actor, clock, "server", exported)
    assert report.unchanged and not report.refused
    restored = get_ci(item.id)
    assert (restored.name, restored.location) == ("=HYPERLINK(\"http://evil\")", "@rack 4")
