"""The report fetcher reads data: URLs and the app's static files, nothing else."""

from pathlib import Path

import pytest
from django.conf import settings

from apps.reports.rendering import (
    RefusedURL,
    ReportURLFetcher,
    render_html_pdf,
    static_file_url,
    svg_data_url,
)
from tests.reports.conftest import pdf_text, squeeze

HOSTILE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<link rel="attachment" href="file:///etc/passwd">
<link rel="stylesheet" href="file:///etc/passwd">
<link rel="stylesheet" href="http://203.0.113.9/evil.css">
<style>@import url("https://203.0.113.9/x.css"); body { font-family: "WenQuanYi Micro Hei"; }
.bg { background: url("file:///etc/hostname"); height: 10mm; }</style>
</head><body><h1>受限抓取测试</h1>
<img src="file:///etc/passwd"><img src="https://203.0.113.9/logo.png">
<object data="file:///etc/passwd"></object><embed src="file:///etc/passwd">
<div class="bg"></div><img src="%s" alt="chart"></body></html>"""


def test_a_template_referencing_local_files_and_remote_urls_renders_without_them(tmp_path):
    chart = svg_data_url('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    rendered = render_html_pdf(HOSTILE % chart)
    passwd = Path("/etc/passwd").read_bytes()
    first_line = passwd.splitlines()[0]
    assert first_line not in rendered.pdf
    assert b"root:x:" not in rendered.pdf
    assert b"/EmbeddedFile" not in rendered.pdf  # the attachment was refused
    out = tmp_path / "hostile.pdf"
    out.write_bytes(rendered.pdf)
    text = pdf_text(out)
    assert "受限抓取测试" in squeeze(text)
    assert "root:" not in text


def test_fetcher_reads_static_files_and_data_urls():
    fetcher = ReportURLFetcher()
    response = fetcher.fetch(static_file_url("css/portal.css"))
    assert response.read() == (Path(settings.BASE_DIR) / "static/css/portal.css").read_bytes()
    data = fetcher.fetch("data:text/plain;base64,5Lit5paH")
    assert data.read() == "中文".encode()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///etc/hostname",
        # Out of the static directory through "..": resolved first, then refused.
        lambda: static_file_url("css/portal.css").replace("css/portal.css", "../manage.py"),
        "http://127.0.0.1:8105/",
        "https://203.0.113.9/x.css",
        "ftp://203.0.113.9/x",
    ],
)
def test_fetcher_refuses_anything_else(url):
    url = url() if callable(url) else url
    with pytest.raises(RefusedURL):
        ReportURLFetcher().fetch(url)
