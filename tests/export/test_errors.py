"""A full disk (and other write failures mid-way) gives one line, exit 2, and leaves nothing behind."""

from __future__ import annotations

import errno

import pytest

from adamviz.cli import main


def run(capsys, *args) -> tuple[int, list[str]]:
    code = main(["export", *args])
    err = capsys.readouterr().err
    return code, err.splitlines()


def disk_full(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_png_on_a_full_disk(capsys, monkeypatch, qt_app, tmp_path):
    from adamviz.export import qt as qx

    def half_then_full(path, data):
        with open(path, "wb") as handle:
            handle.write(data[: len(data) // 2])
        disk_full()

    monkeypatch.setattr(qx, "write_bytes", half_then_full)
    code, lines = run(capsys, "--preset", "gd-toy1", "--size", "640x400", "--out", str(tmp_path / "x.png"))
    assert code == 2
    assert lines == [f"adamviz export: error: cannot write {tmp_path / 'x.png'}: the disk is full"]
    assert list(tmp_path.iterdir()) == []


def test_gif_on_a_full_disk(capsys, monkeypatch, qt_app, tmp_path):
    from PIL import Image

    def some_then_full(self, handle, *args, **kwargs):
        handle.write(b"GIF89a" + bytes(1000))
        disk_full()

    monkeypatch.setattr(Image.Image, "save", some_then_full)
    code, lines = run(capsys, "--preset", "gd-toy1", "--steps", "5", "--size", "320x240",
                      "--out", str(tmp_path / "x.gif"))
    assert code == 2
    assert len(lines) == 1 and lines[0].endswith("x.gif: the disk is full")
    assert list(tmp_path.iterdir()) == []


def test_csv_on_a_full_disk(capsys, monkeypatch, tmp_path):
    import adamviz.export.data as data

    real_writer = data.csv.writer

    def filling_writer(handle, **kwargs):
        writer = real_writer(handle, **kwargs)

        class Filling:
            rows = 0

            def writerow(self, row):
                self.rows += 1
                if self.rows > 10:
                    disk_full()
                writer.writerow(row)

        return Filling()

    monkeypatch.setattr(data.csv, "writer", filling_writer)
    code, lines = run(capsys, "--preset", "gd-toy1", "--out", str(tmp_path / "runs.csv"))
    assert code == 2
    assert lines == [f"adamviz export: error: cannot write {tmp_path / 'runs.csv'}: the disk is full"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["x.png", "x.json"])
def test_an_existing_file_is_replaced_whole_or_kept_whole(capsys, monkeypatch, qt_app, tmp_path, name):
    """A failed export leaves the previous file untouched; a good one replaces it."""
    target = tmp_path / name
    target.write_bytes(b"previous")
    import adamviz.export.data as data
    from adamviz.export import qt as qx

    monkeypatch.setattr(qx, "write_bytes", disk_full)
    monkeypatch.setattr(data, "write_json", disk_full)
    size = ["--size", "320x240"] if name.endswith(".png") else []
    code, _ = run(capsys, "--preset", "gd-toy1", *size, "--out", str(target))
    assert code == 2
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == [name]
    monkeypatch.undo()
    code, _ = run(capsys, "--preset", "gd-toy1", *size, "--out", str(target))
    assert code == 0
    assert target.read_bytes() != b"previous"
    assert [p.name for p in tmp_path.iterdir()] == [name]
