"""Last of the run (by name): nothing the test run left behind holds the test key."""

from tests.browser import ARTIFACTS
from tests.conftest import TEST_KEY


def test_no_file_left_by_the_run_holds_the_key(tmp_path_factory):
    roots = [ARTIFACTS, tmp_path_factory.getbasetemp()]
    scanned = 0
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file() and path.stat().st_size < 64 * 1024 * 1024:
                scanned += 1
                assert TEST_KEY.encode() not in path.read_bytes(), f"the key is in {path}"
    assert scanned > 0
