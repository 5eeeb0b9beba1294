"""Reading and executing a Quarto document without Quarto: chunks, inline expressions, labels, citations."""

from __future__ import annotations

import ast
import contextlib
import io
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHUNK = re.compile(r"^```\{python\}[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
ANY_FENCE = re.compile(r"^```.*?^```[ \t]*$", re.S | re.M)
INLINE = re.compile(r"(?<!`)`\{python\}[ \t]+([^`\n]+)`")
CROSSREF = re.compile(r"(?<![\w@])@((?:fig|tbl|sec|eq)-[A-Za-z0-9_-]*[A-Za-z0-9_])")
CITATION = re.compile(r"(?<![\w@.])-?@([A-Za-z][\w:.#$%&+?<>~/-]*[A-Za-z0-9_])")
LABEL_ATTR = re.compile(r"\{#((?:fig|tbl|sec|eq)-[A-Za-z0-9_-]+)[^}]*\}")
FIGURE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
INCLUDE = re.compile(r"\{\{<\s*include\s+(\S+)\s*>\}\}")


@dataclass
class Chunk:
    code: str
    options: dict[str, str]

    @property
    def label(self) -> str:
        return self.options.get("label", "")


@dataclass
class Execution:
    """What running the document's chunks produced: per chunk label, the text it would put in the document."""

    namespace: dict[str, Any]
    outputs: dict[str, str] = field(default_factory=dict)
    inline_values: dict[str, str] = field(default_factory=dict)


def chunks(text: str) -> list[Chunk]:
    out = []
    for match in CHUNK.finditer(text):
        body = match.group(1)
        options = {}
        for line in body.splitlines():
            if line.startswith("#|"):
                key, _, value = line[2:].partition(":")
                options[key.strip()] = value.strip().strip('"')
        out.append(Chunk(body, options))
    return out


def prose(text: str) -> str:
    """The document without its front matter, fenced code and inline code."""
    if text.startswith("---"):
        text = text.split("\n---", 2)[-1]
    text = ANY_FENCE.sub("", text)
    return re.sub(r"`[^`\n]*`", "", text)


def _display_text(value: Any) -> str:
    if value is None:
        return ""
    data = getattr(value, "data", None)
    return data if isinstance(data, str) else str(value)


def execute(text: str, workdir: Path) -> Execution:
    """Run every chunk in order in one namespace with ``workdir`` as working directory.

    Each chunk's printed output and the value of its last expression (as Jupyter would
    display it) become its output text. A failing chunk raises with the chunk's label.
    """
    namespace: dict[str, Any] = {"__name__": "__paper__"}
    execution = Execution(namespace)
    previous = Path.cwd()
    sys.modules.pop("_helpers", None)
    os.chdir(workdir)
    try:
        for number, chunk in enumerate(chunks(text)):
            label = chunk.label or f"chunk-{number}"
            tree = ast.parse(chunk.code, filename=label)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            buffer = io.StringIO()
            try:
                with contextlib.redirect_stdout(buffer):
                    exec(compile(tree, label, "exec"), namespace)
                    value = eval(compile(ast.Expression(last.value), label, "eval"), namespace) if last else None
            except Exception as error:
                raise AssertionError(f"chunk {label!r} failed: {error!r}") from error
            execution.outputs[label] = buffer.getvalue() + _display_text(value)
        for expr in inline_expressions(text):
            try:
                execution.inline_values[expr] = str(eval(expr, namespace))
            except Exception as error:
                raise AssertionError(f"inline expression {expr!r} failed: {error!r}") from error
    finally:
        os.chdir(previous)
    return execution


def inline_expressions(text: str) -> list[str]:
    """The ``{python} expr`` expressions of the prose, in order."""
    return INLINE.findall(ANY_FENCE.sub("", text))


def defined_labels(text: str, execution: Execution) -> list[str]:
    """Labels a cross-reference can point to: heading and table/figure attributes, labelled chunks."""
    labels = LABEL_ATTR.findall(prose(text))
    labels += [c.label for c in chunks(text) if re.match(r"(fig|tbl)-", c.label)]
    for output in execution.outputs.values():
        labels += LABEL_ATTR.findall(output)
    return labels


def cross_references(text: str, execution: Execution) -> set[str]:
    refs = set(CROSSREF.findall(prose(text)))
    for output in execution.outputs.values():
        refs |= set(CROSSREF.findall(output))
    return refs


def citation_keys(text: str) -> set[str]:
    keys = set(CITATION.findall(prose(text)))
    return {k for k in keys if not re.match(r"(fig|tbl|sec|eq)-", k)}


def bibliography_keys(bib: str) -> list[str]:
    return re.findall(r"^@\w+\{([^,\s]+),", bib, re.M)
