"""A package written to the USB stick is removed again when the export around it fails."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_a_delivered_file_is_removed_when_the_work_around_it_fails(tmp_path: Path) -> None:
    from models.files import written_unless_failed

    target = tmp_path / "return-Ann.pkg"
    with pytest.raises(RuntimeError), written_unless_failed(target) as deliver:
        deliver(b"sealed package")
        assert target.read_bytes() == b"sealed package"
        raise RuntimeError("the export's commit failed")
    assert not target.exists() and not list(tmp_path.glob("*.pkg*"))  # no hidden temporary file either
    with written_unless_failed(target) as deliver:
        deliver(b"sealed package")
    assert target.read_bytes() == b"sealed package"
