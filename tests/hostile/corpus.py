"""Hostile inputs, shared by the corpus tests: what a curious pupil, a phone keyboard, a
broken proxy or a scripted attacker may send. Each value is sent to every field of every
endpoint in tests/hostile/test_*.py; none may cause a server error or an unintended change."""

TEXTS: list[str] = [
    "",
    " ",
    "\t\n\r",
    "\u00a0\u202f",  # non-breaking spaces
    "a" * 10_000,
    "é" * 600,
    "9" * 5_000,  # past Python's 4,300-digit int() limit
    "1e999999",
    "-0",
    "NaN",
    "Infinity",
    "²",
    "¹",
    "٣",  # Arabic-Indic digit three
    "５",  # full-width five
    "Ⅻ",  # Roman numeral twelve
    "0x1F",
    "1_000",
    "9223372036854775808",
    "-9223372036854775809",
    "\x00",
    "nul\x00byte",
    "\x1b[31mrouge",
    "\ufffd",
    "\ufeffBOM",
    "\u202egnp.exe",  # right-to-left override
    "e\u0301\u0301\u0301",  # stacked combining accents
    "👩‍👩‍👧‍👦",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}",
    "{% debug %}",
    "%(x)s %s %d",
    "{0} {__class__}",
    "' OR '1'='1",
    "'; DROP TABLE accounts_user; --",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    '=HYPERLINK("http://x.invalid")',
    "＝1+1",
    "@SUM(A1)",
    "line\r\nSet-Cookie: x=1",
    "null",
    "undefined",
    "[]",
    "{}",
    '{"__proto__": {"admin": true}}',
    "#ABAND#",
    "ABCDEF234",
    "31/02/2012",
    "00/00/0000",
    "2012-13-45",
    "99/99/99999",
    "01/01/0001",
    "x@y",
    "a@b.c" + "d" * 300,
]

# Values of list fields (several checkboxes): shapes a form never sends.
LISTS: list[list[str]] = [[], ["1", "1"], ["0"], ["-1"], ["1"] * 500, ["²"], ["9" * 5_000]]
