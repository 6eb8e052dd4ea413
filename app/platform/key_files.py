"""Keys kept in files under the instance folder: made once, readable by their owner only."""
import os
import secrets
from pathlib import Path


def create_key_file(path: Path, random_bytes: int = 32) -> bool:
    """Write a new random key (hex) to path, mode 0600; return False when the file already exists.

    The key is written to a private draft first and linked into place, so a process that starts at the
    same moment reads either no file or a complete one, and of two makers exactly one wins.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(secrets.token_hex(random_bytes) + "\n")
    try:
        os.link(draft, path)
    except FileExistsError:
        return False
    finally:
        draft.unlink()
    return True
