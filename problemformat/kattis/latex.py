"""LaTeX statements (problemtools' problem.<lang>.tex) to Markdown: pandoc (Debian's package, installed by
scripts/setup-host.sh), else a crude built-in fallback."""

from __future__ import annotations

import re
import shutil
import subprocess

__all__ = ["latex_statement", "tex_to_markdown"]

# problemtools' own macros (problemtools/templates/latex/problemset.cls), in terms pandoc knows.
_PANDOC_PRELUDE = r"""\newcommand{\problemname}[1]{}
\newcommand{\illustration}[3]{\begin{figure}\includegraphics{#2}\caption{#3}\end{figure}}
\newcommand{\fontencoding}[1]{}
\newcommand{\selectfont}{}
"""
_PANDOC_TIMEOUT_S = 60


def latex_statement(tex: str) -> tuple[str, str | None, str]:
    """A problemtools LaTeX statement as Markdown, its ``\\problemname``, and which converter made it.

    pandoc (``--sandbox``: the statement cannot read files) writes CommonMark with ``$...$`` math kept
    as TeX, pipe tables, images and code blocks; ``\\section*`` becomes ``##``. Without pandoc the
    crude built-in :func:`tex_to_markdown` is used.
    """
    match = re.search(r"\\problemname" + _ARG, tex)
    title = (_strip_tex(match.group(1)) or None) if match else None
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        markdown, title = tex_to_markdown(tex)
        return markdown, title, "built-in converter: install pandoc for a faithful conversion"
    body = re.sub(r"\\begin\{(Input|Output|Interaction)\}", r"\\section*{\1}", tex)
    body = re.sub(r"\\end\{(Input|Output|Interaction)\}", "", body)
    # Sizes do not carry over to Markdown; with them pandoc writes an HTML <img> (not rendered).
    body = re.sub(r"(\\includegraphics)\s*\[[^\]]*\]", r"\1", body)
    try:
        done = subprocess.run(
            [pandoc, "--sandbox", "--from=latex", "--to=commonmark_x-attributes", "--wrap=none",
             "--shift-heading-level-by=1"],
            input=(_PANDOC_PRELUDE + body).encode("utf-8"),
            capture_output=True,
            timeout=_PANDOC_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        markdown, title = tex_to_markdown(tex)
        return markdown, title, f"built-in converter: pandoc failed ({exc})"
    if done.returncode != 0:
        markdown, title = tex_to_markdown(tex)
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {done.returncode}"]
        return markdown, title, f"built-in converter: pandoc failed ({reason[0][:200]})"
    markdown = done.stdout.decode("utf-8", "replace").strip() + "\n"
    return markdown, title, "pandoc"


# The crude fallback

_MATH = re.compile(r"(\$\$.*?\$\$|\$[^$]*?\$|\\\[.*?\\\]|\\\(.*?\\\))", re.DOTALL)
_VERBATIM = re.compile(r"\\begin\{(verbatim|lstlisting)\}(?:\[[^\]]*\])?\n?(.*?)\\end\{\1\}", re.DOTALL)
_ARG = r"\{((?:[^{}]|\{[^{}]*\})*)\}"


def _strip_tex(text: str) -> str:
    text = re.sub(r"\\[a-zA-Z]+\*?(?:\[[^\]]*\])?" + _ARG, r"\1", text)
    return re.sub(r"[{}]", "", text).strip()


def _tex_text(text: str) -> str:
    """Markdown for LaTeX outside math and verbatim."""
    rules: list[tuple[str, str]] = [
        (r"\\begin\{(Input|Output|Interaction)\}", r"\n## \1\n"),
        (r"\\end\{(Input|Output|Interaction)\}", "\n"),
        (r"\\section\*?" + _ARG, r"\n## \1\n"),
        (r"\\subsection\*?" + _ARG, r"\n### \1\n"),
        (r"\\subsubsection\*?" + _ARG, r"\n#### \1\n"),
        (r"\\illustration\{[^{}]*\}\{([^{}]*)\}" + _ARG, r"\n![\2](\1)\n"),
        (r"\\includegraphics(?:\[[^\]]*\])?\{([^{}]*)\}", r"![](\1)"),
        (r"\\textbf" + _ARG, r"**\1**"),
        (r"\\(?:emph|textit)" + _ARG, r"*\1*"),
        (r"\\texttt" + _ARG, r"`\1`"),
        (r"\\href\{([^{}]*)\}" + _ARG, r"[\2](\1)"),
        (r"\\url" + _ARG, r"<\1>"),
        (r"\s*\\item\s*", "\n- "),
        (r"\\begin\{itemize\}|\\end\{itemize\}|\\begin\{enumerate\}|\\end\{enumerate\}", "\n"),
        (
            r"\\begin\{(?:center|figure|wrapfigure|quote)\}(?:\{[^{}]*\})*(?:\[[^\]]*\])?|\\end\{(?:center|figure|"
            r"wrapfigure|quote)\}",
            "\n",
        ),
        (r"\\(?:noindent|centering|medskip|bigskip|smallskip|newline|par)\b", "\n"),
        (r"\\(?:label|caption)" + _ARG, ""),
        (r"\\(?:ldots|dots|textellipsis)\b(?:\{\})?", "..."),
        (r"``|''", '"'),
        (r"---", "\u2014"),
        (r"(?<!\\)~", " "),
        (r"\\\\", "  \n"),
        (r"\\([%&$#_{}])", r"\1"),
    ]
    for pattern, replacement in rules:
        text = re.sub(pattern, replacement, text)
    return text


def tex_to_markdown(tex: str) -> tuple[str, str | None]:
    """A rough Markdown rendering of a problemtools LaTeX statement, and its ``\\problemname`` if any."""
    title: str | None = None
    match = re.search(r"\\problemname" + _ARG, tex)
    if match:
        title = _strip_tex(match.group(1)) or None
        tex = tex[: match.start()] + tex[match.end() :]
    tex = re.sub(r"(?<!\\)%.*", "", tex)  # comments
    pieces: list[str] = []
    position = 0
    for block in _VERBATIM.finditer(tex):
        pieces.append(_tex_segment(tex[position : block.start()]))
        pieces.append("\n```\n" + block.group(2).rstrip("\n") + "\n```\n")
        position = block.end()
    pieces.append(_tex_segment(tex[position:]))
    text = "".join(pieces)
    text = "\n".join(line.rstrip() if not line.endswith("  ") else line for line in text.splitlines())
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return text, title


def _tex_segment(text: str) -> str:
    parts = _MATH.split(text)
    return "".join(part if index % 2 else _tex_text(part) for index, part in enumerate(parts))
