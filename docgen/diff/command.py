"""``docgen diff BASE REVISION``: what changed between two revisions of the docs, and does it break clients."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..config import Config
from . import allow as allow_list
from .engine import compare
from .inputs import DiffInputError, load_sides
from .report import FORMATS, MARKDOWN_LIMIT, MAX_ANNOTATIONS, Report, render
from .rules import LEVEL_RANK, LEVELS, RULES

FAIL_ON = ("breaking", "potentially-breaking", "any", "none")


class LoadError(click.ClickException):
    exit_code = 2


def should_fail(report: Report, fail_on: str) -> bool:
    if fail_on == "none":
        return False
    threshold = 0 if fail_on == "any" else LEVEL_RANK[fail_on]
    return any(LEVEL_RANK[f.level] >= threshold for f in report.findings if not f.allowed)


def rules_table() -> str:
    width = max(len(r) for r in RULES)
    lines = [f"{'rule':<{width}}  {'level':<20}  {'subject':<9}  {'direction':<9}  title"]
    for r in RULES.values():
        title = r.title + ("  [docs; --include-docs]" if r.docs else "")
        lines.append(f"{r.id:<{width}}  {r.level:<20}  {r.subject:<9}  {r.direction:<9}  {title}")
    return "\n".join(lines) + "\n"


def run(base: str, revision: str, *, include_docs: bool = False, allow: str | Path | None = None,
        jobs: int | None = None) -> Report:
    """Library entry point: load both sides, compare, apply the allow-list. Raises DiffInputError,
    allow_list.AllowListError."""
    entries = allow_list.load(allow) if allow else []
    a, b = load_sides(base, revision, jobs)
    assert a.document is not None and b.document is not None
    findings = [f for f in compare(a.document, b.document) if include_docs or not RULES[f.rule].docs]
    for f in findings:
        f.old_source = a.display(f.old_source)
        f.new_source = b.display(f.new_source)
    unused = allow_list.apply(findings, entries)
    prefixes = tuple(s.spec.partition(":")[0] + ":" for s in (a, b) if s.kind == "git")
    return Report(base, revision, findings, unused, prefixes)


@click.command("diff")
@click.argument("base", required=False)
@click.argument("revision", required=False)
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Exit 1 when a change at this level or above is found (any: any change). Default: [tool.docgen] fail-on, else none.")
@click.option("--allow", "allow", type=click.Path(dir_okay=False), default=None,
              help="Allow-list of accepted changes: lines `<fingerprint>  # <reason>`. Default: [tool.docgen] allow.")
@click.option("--include-docs", is_flag=True, help="Also report description- and example-only changes (non-breaking).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the report here instead of stdout. Markdown: the complete report goes here, the PR comment (cut to --max-chars) to stdout.")
@click.option("--max-chars", type=int, default=MARKDOWN_LIMIT, show_default=True,
              help="Markdown: cut the comment to this many characters (GitHub's limit), with a count of what is not shown.")
@click.option("--max-annotations", type=int, default=MAX_ANNOTATIONS, show_default=True,
              help="GitHub format: annotate this many findings, the most severe, plus one summary notice.")
@click.option("-j", "--jobs", type=int, help="Worker processes for parsing (default: all cores for large inputs).")
@click.option("--rules", "list_rules", is_flag=True, help="List the rules (id, level, subject, direction) and exit.")
@click.pass_context
def command(ctx: click.Context, base: str | None, revision: str | None, fmt: str, fail_on: str | None, allow: str | None,
            include_docs: bool, output: str | None, max_chars: int, max_annotations: int, jobs: int | None, list_rules: bool) -> None:
    """Compare BASE with REVISION and report what changed, rule by rule, at three levels.

    \b
    BASE and REVISION are each a folder or file of docs, an IR JSON file (`docgen ir -o`),
    or a git revision `REV:path` read without touching the working copy:
        docgen diff HEAD~5:specs specs
        docgen diff old-ir.json specs --format markdown --fail-on breaking
    \b
    Levels: breaking, potentially-breaking, non-breaking (see --rules and docs/diff.md).
    Exit status: 0 ok, 1 when --fail-on is met (allowed changes excepted), 2 on usage or input errors.
    """
    if list_rules:
        click.echo(rules_table(), nl=False)
        return
    if not base or not revision:
        raise click.UsageError("give BASE and REVISION (folders, IR JSON files or REV:path), e.g. `docgen diff HEAD~1:specs specs`")
    cfg: Config | None = ctx.obj if isinstance(ctx.obj, Config) else None
    fail_on = fail_on or (cfg.fail_on if cfg else None) or "none"
    if fail_on not in FAIL_ON:
        raise click.UsageError(f"[tool.docgen] fail-on = {fail_on!r}: expected one of {', '.join(FAIL_ON)}")
    if allow is None and cfg is not None and cfg.allow:
        allow = str(cfg.resolve(cfg.allow))
    try:
        report = run(base, revision, include_docs=include_docs, allow=allow, jobs=jobs if jobs is not None else (cfg.jobs if cfg else None))
    except (DiffInputError, allow_list.AllowListError) as e:
        raise LoadError(str(e)) from e
    color = output is None and fmt == "text" and sys.stdout.isatty()
    if fmt == "markdown":
        if output:
            Path(output).write_text(render(fmt, report), encoding="utf-8")
        click.echo(render(fmt, report, limit=max_chars, full_report=output), nl=False)
    else:
        text = render(fmt, report, color=color, max_annotations=max_annotations)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            click.echo(text, nl=False, color=color)
    if fmt not in ("text", "json", "markdown"):
        for entry in report.unused_allow:
            click.echo(f"warning: allow-list entry {entry.fingerprint} (line {entry.line}) matched no change: {entry.reason}", err=True)
    if fmt != "text":
        click.echo(f"docgen diff: {report.summary()}", err=True)
    if should_fail(report, fail_on):
        ctx.exit(1)


__all__ = ["command", "run", "rules_table", "should_fail", "LEVELS"]
