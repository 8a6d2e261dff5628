"""A key a header cannot carry is refused at start; the key is redacted in every form a text can hold it.

A key file with a second line, or a key with a tab or a NUL, used to reach the client: h11 refused the
header and its error text, `Illegal header value b'Bearer sk-…\\n…'`, held the key escaped, which redaction
did not match, so the whole key went to the log. Each test greps what it checks for the key's forms as
written here (not as the code under test computes them).
"""

from __future__ import annotations

import json
import logging
import re
import traceback
from urllib.parse import quote, quote_plus

import pytest

from tests.conftest import ROOT, TEST_KEY

FIRST_LINE = TEST_KEY  # what the key file meant: the key; its second line makes the whole unusable
BAD_KEYS = {
    "second line": TEST_KEY + "\nsecond-line-of-the-file",
    "tab": TEST_KEY[:12] + "\t" + TEST_KEY[12:],
    "NUL": TEST_KEY + "\x00",
    "carriage return": TEST_KEY[:20] + "\r" + TEST_KEY[20:],
    "non-ASCII": TEST_KEY + "é",
    "space": TEST_KEY[:12] + " " + TEST_KEY[12:],
}


@pytest.fixture(autouse=True)
def _no_key_file_left(tmp_path):
    """The key files these tests write hold the key on purpose; none is left for the end-of-run scan."""
    yield
    (tmp_path / "key").unlink(missing_ok=True)


def key_forms(key: str) -> set[str]:
    """The key, its pieces around characters a header cannot carry, and each as repr, bytes, JSON and
    percent-encoding write it (and as a repr of those)."""
    pieces = {key, *(p for p in re.split(r"[^\x21-\x7e]", key) if len(p) >= 8)}
    once = {form for piece in pieces for form in (
        piece, repr(piece)[1:-1], repr(piece.encode())[2:-1], json.dumps(piece)[1:-1], quote(piece, safe=""),
        quote_plus(piece), quote(piece, safe="").lower())}
    return once | {repr(form)[1:-1] for form in once} | {json.dumps(form)[1:-1] for form in once}


def leaks(text: str, key: str) -> list[str]:
    return sorted(form for form in key_forms(key) if form and form in text)


# --- refused at start -------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", sorted(BAD_KEYS))
@pytest.mark.parametrize("where", ["OPENROUTER_API_KEY", "OPENROUTER_API_KEY_FILE", "st.secrets"])
def test_a_key_a_header_cannot_carry_is_refused_at_start_naming_where_it_came_from(tmp_path, kind, where):
    from service.settings import Settings, SettingsError

    key = BAD_KEYS[kind]
    env, secrets = {}, {}
    if where == "OPENROUTER_API_KEY":
        env[where] = key
    elif where == "OPENROUTER_API_KEY_FILE":
        (tmp_path / "key").write_text(key + "\n", encoding="utf-8")
        env[where] = str(tmp_path / "key")
    else:
        secrets["OPENROUTER_API_KEY"] = key
    with pytest.raises(SettingsError) as refused:
        Settings.from_env(env, secrets)
    message = str(refused.value)
    assert where in message and "header" in message
    assert leaks(message, key) == [] and leaks(repr(refused.value), key) == []


def test_a_key_file_with_a_trailing_newline_or_spaces_is_still_taken(tmp_path):
    from service.settings import Settings

    (tmp_path / "key").write_text(f"  {TEST_KEY}\r\n\n", encoding="utf-8")
    assert Settings.from_env({"OPENROUTER_API_KEY_FILE": str(tmp_path / "key")}).api_key == TEST_KEY
    assert Settings.from_env({"OPENROUTER_API_KEY": TEST_KEY + "\n"}).api_key == TEST_KEY


def page_text(at) -> str:
    parts = [getattr(e, "value", "") for e in (*at.main, *at.sidebar)]
    parts += [e.value for kind in ("title", "markdown", "caption", "error", "warning", "info") for e in
              getattr(at, kind)]
    return " ".join(str(p) for p in parts)


@pytest.mark.parametrize("kind", ["second line", "NUL", "tab"])
def test_the_app_says_which_variable_holds_a_bad_key_and_never_shows_or_logs_it(
        app, newer_api, monkeypatch, tmp_path, caplog, kind):
    key = BAD_KEYS[kind]
    (tmp_path / "key").write_text(key + "\n", encoding="utf-8")
    monkeypatch.setenv("OPENROUTER_API_KEY_FILE", str(tmp_path / "key"))
    with caplog.at_level(logging.DEBUG):
        at = app(base_url=newer_api.base_url)
    assert not at.exception
    assert at.error and "OPENROUTER_API_KEY_FILE" in at.error[0].value
    assert "cannot start" in at.error[0].value
    assert not at.dataframe  # nothing drawn on a key that cannot be sent
    assert leaks(page_text(at), key) == []
    assert leaks(logged(caplog), key) == []


def test_a_bad_key_in_st_secrets_is_named_as_such(app, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from service.data import reset_shared_data

    reset_shared_data()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["OPENROUTER_API_KEY"] = BAD_KEYS["second line"]
    at.run()
    assert not at.exception
    assert at.error and "OPENROUTER_API_KEY in st.secrets" in at.error[0].value
    assert leaks(page_text(at), BAD_KEYS["second line"]) == []


# --- redacted in every form -------------------------------------------------------------------------------
def logged(caplog) -> str:
    """Every log line as a handler writes it, tracebacks (and their causes) included."""
    formatter = logging.Formatter("%(levelname)s %(name)s %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records)


@pytest.mark.parametrize("kind", ["second line", "NUL", "carriage return"])
def test_a_bad_key_given_to_the_data_layer_is_in_no_log_line_error_or_traceback(stand_in, tmp_path, caplog, kind):
    """As a library caller can (the settings refuse it): h11 used to refuse the header, quoting the key."""
    from client.retries import BackoffStrategy, RetryConfig
    from client.sdk import OpenRouter
    from service.data import BenchmarkData
    from service.settings import Settings

    key = BAD_KEYS[kind]
    settings = Settings(api_key=key, base_url=stand_in.base_url, cache_dir=tmp_path / "cache", page_wait_seconds=12)
    retries = RetryConfig("backoff", BackoffStrategy(10, 50, 1.5, 200, jitter_ms=0), True)
    client = OpenRouter(api_key=key, server_url=stand_in.base_url, retry_config=retries, timeout_ms=2000)
    with client, caplog.at_level(logging.DEBUG):
        layer = BenchmarkData(settings, client=client)
        state = layer.load_dataset("artificial-analysis")
        try:
            client.benchmarks.get_benchmarks(source="artificial-analysis")
        except Exception as error:  # noqa: BLE001 - what a caller would print or log
            raised = error
    assert caplog.records, "the failed requests were logged"
    texts = [logged(caplog), str(raised), repr(raised), "".join(traceback.format_exception(raised)),
             repr(state.failure), str(state.failure and state.failure.detail)]
    assert "HTTP header cannot carry; nothing was sent" in str(raised)  # the failure says what happened
    assert state.failure is not None and state.dataset.items  # the snapshot is served instead
    for text in texts:
        assert leaks(text, key) == [], text[:400]


@pytest.mark.parametrize("quoted", [repr, lambda key: repr(key.encode()), lambda key: quote(key, safe=""),
                                    lambda key: json.dumps(json.dumps(key))])
def test_a_connection_error_quoting_the_key_escaped_is_redacted_and_not_chained(quoted):
    """A transport (a proxy, a custom one) whose error text quotes the key in an escaped form."""
    import httpx

    from client.retries import RetryConfig
    from client.sdk import OpenRouter

    key = "sk-or-v1-a/b+c=d'e-0123456789"

    def refuse(request):
        raise httpx.ConnectError(f"proxy refused Authorization: Bearer {quoted(key)}", request=request)

    client = OpenRouter(api_key=key, server_url="http://127.0.0.1:9/api/v1", retry_config=RetryConfig("none"),
                        client=httpx.Client(transport=httpx.MockTransport(refuse)))
    with client, pytest.raises(Exception) as raised:
        client.benchmarks.get_benchmarks(source="artificial-analysis")
    assert "Could not reach" in str(raised.value) and "[redacted]" in str(raised.value)
    assert leaks("".join(traceback.format_exception(raised.value)), key) == []


@pytest.mark.parametrize("key", [TEST_KEY, *BAD_KEYS.values(), "sk-or-v1-a'b\"c\\d%e+f/g=h", "sk-or-v1-€uro-key"])
def test_every_escaped_form_of_the_key_is_redacted(key):
    from client.errors import REDACTED, redact

    for form in key_forms(key):
        for text in (f"before {form} after", f"b'Bearer {form}'", f'{{"auth": "Bearer {form}"}}'):
            shown = redact(text, key)
            assert leaks(shown, key) == [] and REDACTED in shown, (form, shown)
    assert redact("nothing secret here", key) == "nothing secret here"


def test_the_h11_error_text_is_redacted():
    from client.errors import redact

    key = BAD_KEYS["second line"]
    text = "Illegal header value " + repr(("Bearer " + key).encode())
    assert leaks(redact(text, key), key) == []
    assert leaks(redact(repr(text), key), key) == []  # the message itself shown as a repr


@pytest.mark.parametrize("key", [TEST_KEY, BAD_KEYS["second line"], "sk-or-v1-a/b+c=d-0123456789"])
def test_a_text_cut_inside_any_form_of_the_key_loses_that_start(key):
    from client.errors import redact_and_cut

    for form in key_forms(key):
        text = "body: " + form
        for cut in range(len("body: ") + 4, len(text)):
            shown = redact_and_cut(text, key, cut)
            assert not any(len(start) >= 4 and shown.endswith(start) for f in key_forms(key)
                           for start in (f[:n] for n in range(4, len(f)))), (form, cut, shown)


# --- a Redis URL redis-py cannot read -------------------------------------------------------------------
REDIS_PASSWORD = "hunter2-redis-password"
BAD_REDIS_URLS = {
    "port not a number": f"redis://:{REDIS_PASSWORD}@127.0.0.1:notaport/0",
    "password read as the port": f"redis://user:{REDIS_PASSWORD}/0",
    "socket_timeout not a number": f"redis://:{REDIS_PASSWORD}@127.0.0.1:6379/0?socket_timeout=abc",
    "socket_timeout nan": f"redis://:{REDIS_PASSWORD}@127.0.0.1:6379/0?socket_timeout=nan",
    "socket_connect_timeout negative": f"redis://:{REDIS_PASSWORD}@127.0.0.1:6379/0?socket_connect_timeout=-1",
    "database not a number": f"redis://:{REDIS_PASSWORD}@127.0.0.1:6379/x",
    "port out of range": f"redis://:{REDIS_PASSWORD}@127.0.0.1:99999/0",
    "IPv6 host unclosed": f"redis://:{REDIS_PASSWORD}@[::1:6379/0",
    "unix socket db": f"unix:///tmp/{REDIS_PASSWORD}.sock?db=zz",
    "max_connections negative": f"redis://:{REDIS_PASSWORD}@127.0.0.1:6379/0?max_connections=-1",
    "decode_responses true": f"redis://:{REDIS_PASSWORD}@127.0.0.1:6379/0?decode_responses=true",
    "decode_responses false": f"redis://:{REDIS_PASSWORD}@127.0.0.1:6379/0?decode_responses=false",
    "protocol 9": f"redis://:{REDIS_PASSWORD}@127.0.0.1:6379/0?protocol=9",
    "an option redis-py passes on": f"redis://:{REDIS_PASSWORD}@127.0.0.1:6379/0?client_nam=x",
    "database huge": f"redis://:{REDIS_PASSWORD}@127.0.0.1:6379/99999999999999999999",
    "unix socket db negative": f"unix:///tmp/{REDIS_PASSWORD}.sock?db=-3",
    "query db over the cap": f"redis://:{REDIS_PASSWORD}@127.0.0.1:6379/0?db=1000001",
    "the password as a bare query word": f"redis://127.0.0.1:6379/0?{REDIS_PASSWORD}",
    "the password as an option": f"redis://127.0.0.1:6379/0?password={REDIS_PASSWORD}",
}
# what the message must name for these (the option, never its value)
NAMED = {"max_connections negative": "max_connections", "decode_responses true": "decode_responses",
         "decode_responses false": "decode_responses", "protocol 9": "protocol",
         "an option redis-py passes on": "an option redis-py does not know", "database huge": "database",
         "unix socket db negative": "database", "query db over the cap": "database",
         "the password as a bare query word": "an option redis-py does not know",
         "the password as an option": "its option password"}


@pytest.mark.parametrize("kind", sorted(BAD_REDIS_URLS))
def test_a_redis_url_redis_py_cannot_read_is_refused_at_start_without_its_password(kind):
    from service.settings import Settings, SettingsError

    with pytest.raises(SettingsError) as refused:
        Settings.from_env({"BENCHMARKS_REDIS_URL": BAD_REDIS_URLS[kind]})
    assert str(refused.value).startswith("BENCHMARKS_REDIS_URL ")
    assert NAMED.get(kind, "") in str(refused.value)
    shown = "".join(traceback.format_exception(refused.value))  # its causes too
    assert REDIS_PASSWORD not in shown and "hunter2" not in shown


def test_a_redis_url_redis_py_reads_is_taken():
    from service.settings import Settings

    for url in ("redis://:pw@127.0.0.1:6379/0", "redis://127.0.0.1/1?socket_timeout=0.5", "unix:///tmp/r.sock?db=2",
                "rediss://u:p@h:6380/0", "redis://h/1000000?socket_connect_timeout=2", "redis://h/0?db=3",
                "unix:///tmp/r.sock"):
        assert Settings.from_env({"BENCHMARKS_REDIS_URL": url}).redis_url == url


@pytest.mark.parametrize("kind", ["port not a number", "socket_timeout not a number", "max_connections negative"])
def test_the_app_refuses_a_bad_redis_url_on_every_page_naming_it(app, newer_api, monkeypatch, caplog, kind):
    monkeypatch.setenv("BENCHMARKS_REDIS_URL", BAD_REDIS_URLS[kind])
    with caplog.at_level(logging.DEBUG):
        for page in (None, "app_pages/compare.py", "app_pages/status.py"):
            at = app(page=page, key=TEST_KEY, base_url=newer_api.base_url)
            assert not at.exception, at.exception and at.exception[0].value
            assert at.error and "BENCHMARKS_REDIS_URL" in at.error[0].value, page
            assert REDIS_PASSWORD not in page_text(at)
    assert REDIS_PASSWORD not in logged(caplog)
