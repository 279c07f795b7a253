"""The build cache as a contributor meets it: the same binary, however it is run, finds its cache."""
from __future__ import annotations

import os
import shutil
import subprocess

import sites


def memo_stamp(project):
    memo = project / ".praxis-cache" / "documents.memo"
    status = memo.stat()
    return status.st_ino, status.st_size, status.st_mtime_ns


def test_praxis_run_by_another_path_reuses_the_cache_the_last_build_left(praxis_bin, tmp_path):
    project = sites.copy_project(tmp_path / "project")
    sites.build(project)
    before = memo_stamp(project)
    link = tmp_path / "bin" / "praxis"
    link.parent.mkdir()
    link.symlink_to(praxis_bin)
    relative = os.path.relpath(praxis_bin, tmp_path)
    for command, folder in ((str(link), project), (relative, tmp_path), (str(praxis_bin), tmp_path)):
        result = subprocess.run([command, "build", "--root", str(project)], cwd=folder,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        # A memo made for another build of Praxis would be written afresh: a new file.
        assert memo_stamp(project) == before, f"`{command}` run from {folder} did not reuse the cache"
    # Another binary (a copy stands for a rebuilt Praxis) must not trust these memos: it writes them afresh.
    other = tmp_path / "other" / "praxis"
    other.parent.mkdir()
    shutil.copy2(praxis_bin, other)
    result = subprocess.run([str(other), "build", "--root", str(project)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert memo_stamp(project) != before, "a different binary reused the memos of another"
