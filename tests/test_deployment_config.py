"""The effective Streamlit configuration is what a shared server needs."""

import subprocess
import sys

from tests.conftest import ROOT


def effective_config() -> str:
    """`streamlit config show` from the project folder: the settings a `streamlit run` there gets."""
    result = subprocess.run([sys.executable, "-m", "streamlit", "config", "show"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def option(name: str) -> str:
    """One option as a `streamlit run` from the project folder reads it (hidden ones included)."""
    code = f"from streamlit import config; print(config.get_option({name!r}))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def setting(config: str, name: str) -> str:
    lines = [line.strip() for line in config.splitlines() if line.strip().startswith(f"{name} =")]
    assert lines, f"{name} not in the effective configuration"
    return lines[-1].split("=", 1)[1].strip()


def test_shared_server_settings_are_in_force():
    config = effective_config()
    assert setting(config, "gatherUsageStats") == "false"  # no usage-stats calls
    assert setting(config, "showErrorDetails") == '"type"'  # no tracebacks in the page
    assert setting(config, "toolbarMode") == '"viewer"'
    assert setting(config, "enableXsrfProtection") == "true"
    assert setting(config, "address") == '"127.0.0.1"'  # loopback unless told otherwise
    assert setting(config, "headless") == "true"
    assert setting(config, "runOnSave") == "false"
    assert setting(config, "fileWatcherType") == '"none"'  # no source watching per run in a served app
    assert option("runner.postScriptGC") == "False"  # no full collection per run (bench/throughput.py)


def test_no_pages_folder_beside_the_entrypoint():
    """A `pages/` folder would put Streamlit 1.67 in legacy multipage mode until st.navigation first runs."""
    assert not (ROOT / "pages").exists()
    assert sorted(p.name for p in (ROOT / "app_pages").glob("*.py")) == [
        "changes.py", "compare.py", "leaderboard.py", "model.py", "pick.py", "status.py", "value.py"]
