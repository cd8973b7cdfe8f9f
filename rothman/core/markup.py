"""Text from files and users made inert where it is shown: HTML pages and Markdown cells.

HTML goes through :func:`html.escape`. Markdown has its own escape, defined by the
CommonMark specification (section 2.4, "Backslash escapes"): any ASCII punctuation
character preceded by a backslash is a literal character. Escaping every one of them
means that no tag, link, image, autolink, emphasis, code span or ``$`` math can form from
the text, whatever it holds; and joining each paragraph onto one line means no line of it
can start a heading, a list, a quote or a code block.
"""

from __future__ import annotations

import html
import string

#: Every ASCII punctuation character, as CommonMark defines them, with its backslash escape.
_MARKDOWN_ESCAPES = str.maketrans({c: "\\" + c for c in string.punctuation})


def markdown_text(value: str) -> str:
    """``value`` as Markdown that shows exactly this text and nothing else.

    Paragraphs (blank-line separated) are kept; the lines within one are joined.

    Examples:
        >>> print(markdown_text("<img src=x onerror=alert(1)> [x](javascript:alert(1))"))
        \\<img src\\=x onerror\\=alert\\(1\\)\\> \\[x\\]\\(javascript\\:alert\\(1\\)\\)
        >>> markdown_text("Costs $5 *now*")
        'Costs \\\\$5 \\\\*now\\\\*'
    """
    paragraphs = (" ".join(part.split()) for part in value.split("\n\n"))
    return "\n\n".join(p.translate(_MARKDOWN_ESCAPES) for p in paragraphs if p)


def html_text(value: str) -> str:
    """``value`` escaped for HTML text and attribute values.

    Examples:
        >>> html_text('<script>alert("x")</script>')
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
    """
    return html.escape(value, quote=True)


class MarkdownText(str):
    """A string that a notebook shows as formatted Markdown (``print`` shows the source)."""

    def _repr_markdown_(self) -> str:
        return str(self)
