"""Write the mail corpus: one .eml per case and expected.json saying what each must read as.

Run from the repository: `.venv/bin/python tests/mail/corpus/generate.py`. Every person, address and
message is made up; the files are committed so the corpus is reviewed like code.
"""
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus_charsets  # noqa: E402
import corpus_damaged  # noqa: E402
import corpus_files  # noqa: E402
import corpus_machines  # noqa: E402
import corpus_people  # noqa: E402


def main() -> None:
    """Write every case of the corpus and the manifest."""
    cases = (corpus_people.messages() + corpus_charsets.messages() + corpus_files.messages()
             + corpus_machines.messages() + corpus_damaged.messages())
    names = [name for name, _raw, _expected in cases]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise SystemExit(f"duplicate case names: {sorted(duplicates)}")
    for stale in HERE.glob("*.eml"):
        stale.unlink()
    manifest = {}
    for name, raw, expected in cases:
        (HERE / f"{name}.eml").write_bytes(raw)
        manifest[f"{name}.eml"] = expected
    (HERE / "expected.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(cases)} messages written to {HERE}")


if __name__ == "__main__":
    main()
