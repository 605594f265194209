"""
Formulas typeset when the docs are built, as MathML: no script, no network.

A Sphinx extension (``html_math_renderer = "mathml"``): every inline and
displayed formula is converted by ``latex2mathml`` (pure Python, the docs
extra) into a ``<math>`` element, which browsers render natively, offline.
Sage's ring macros (``\\QQ``, ``\\ZZ``, ...) are expanded first. A formula
that leaves a LaTeX command unconverted is a warning, so ``make docs``
(``-W``) fails rather than show raw TeX.
"""
import re

from docutils import nodes
from latex2mathml.converter import convert
from sphinx.util import logging

logger = logging.getLogger(__name__)

# Sage's macros (sage/misc/latex_macros.py), as plain LaTeX
MACROS = {r"\QQ": r"\mathbb{Q}", r"\ZZ": r"\mathbb{Z}", r"\RR": r"\mathbb{R}",
          r"\CC": r"\mathbb{C}", r"\NN": r"\mathbb{N}", r"\GF": r"\mathbb{F}"}
# latex2mathml writes a command it does not know as text, backslash included
UNCONVERTED = re.compile(r"<m[ion][^>]*>(\\[A-Za-z]+)")
# |, \| and / are ordinary symbols in TeX (no space around them); as MathML
# operators between two terms they would get an operator's spaces: |V(G)|
# drawn as "| V(G)|", eta/|q|^2 as "eta / | q|^2".
ORDINARY = re.compile(r"<mo((?: [a-z]+=\"[^\"]*\")*)>(&#x0007C;|&#x02016;|&#x0002F;)</mo>")


def mathml(node, latex, display):
    """Return the MathML of ``latex``; warn (at ``node``) about what stays raw TeX."""
    for macro, expansion in MACROS.items():
        latex = re.sub(re.escape(macro) + r"(?![A-Za-z])", lambda _: expansion, latex)
    latex = re.sub(r"\\[Bb]igg?[lr]?(?![A-Za-z])", "", latex)   # sizes: MathML stretches itself
    try:
        markup = convert(latex, display=display)
    except Exception as error:  # latex2mathml raises many kinds
        logger.warning(f"cannot typeset the formula {latex!r} ({error})", location=node)
        return f"<code>{latex}</code>"
    markup = ORDINARY.sub(r'<mo\1 lspace="0em" rspace="0em">\2</mo>', markup)
    if display == "block":   # display style, stated for every engine (CSS: math-style)
        markup = markup.replace('display="block"', 'display="block" displaystyle="true"', 1)
    raw = UNCONVERTED.findall(markup)
    if raw:
        logger.warning(f"the formula {latex!r} keeps {', '.join(raw)} as raw TeX", location=node)
    return markup


def visit_math(self, node):
    self.body.append(self.starttag(node, "span", "", CLASS="math"))
    self.body.append(mathml(node, node.astext(), "inline"))
    self.body.append("</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node):
    self.body.append(self.starttag(node, "div", CLASS="math"))
    for part in node.astext().split("\n\n"):
        if part.strip():
            self.body.append(mathml(node, part.strip(), "block"))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app):
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_displaymath, None))
    return {"parallel_read_safe": True}
