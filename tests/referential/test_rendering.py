from certinum.referential.rendering import french_typography, render_inline, render_statement

NBSP, NNBSP = "\u00a0", "\u202f"


def test_statements_are_markdown_without_any_script():
    html = render_statement("**Attention** <script>alert(1)</script> [lien](javascript:alert(1))")
    assert "<strong>Attention</strong>" in html
    assert "<script" not in html and "javascript:" not in html


def test_french_punctuation_gets_non_breaking_spaces_outside_code():
    text = french_typography("Quel dossier ? « Histoire » : voir `a ? b`")
    assert f"dossier{NNBSP}?" in text
    assert f"«{NBSP}Histoire{NBSP}»" in text
    assert f"{NBSP}:" in text
    assert "`a ? b`" in text


def test_a_url_keeps_its_colon():
    assert french_typography("https://example.org") == "https://example.org"


def test_proposals_keep_inline_code_and_lose_everything_else():
    assert render_inline("`sami@college.example` <b>x</b>") == (
        "<code>sami@college.example</code> x"
    )


def test_a_fenced_program_keeps_its_lines():
    html = render_statement("Programme :\n\n```\navancer de 10\ntourner\n```\n")
    assert "<pre><code>avancer de 10\ntourner\n</code></pre>" in html
