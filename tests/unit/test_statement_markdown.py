"""The REST side of the HR console and the candidate app (no sandbox needed): default expiry, CSV bulk
invitations, resend, extend, extra time, the consent, drafts, and the statement rendered safely."""

from __future__ import annotations


def test_statement_markdown_cannot_inject_markup():
    from api.statements import to_html

    html = to_html("# T\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n\n[a](javascript:alert(1)) "
                   "[b](https://example.com)\n\n| x | y |\n|---|---|\n| 1 | 2 |")
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert '<a href="https://example.com" target="_blank" rel="noopener noreferrer">b</a>' in html
    assert "<table>" in html
