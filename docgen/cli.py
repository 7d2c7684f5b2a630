"""The ``docgen`` command line. Each command is a thin layer over a library function."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
from . import diagnostics as dg
from .config import Config, ConfigError, load
from .ir.model import Document
from .ir.serialize import dumps
from .pipeline import InputError, parse_paths
from .progress import terminal_progress


def _config(ctx: click.Context) -> Config:
    return ctx.obj  # type: ignore[no-any-return]


def load_ir(cfg: Config, paths: tuple[str, ...], jobs: int | None, *, root: Path | None = None) -> Document:
    """The IR of ``paths`` (default: the configured specs); pages named relative to ``root`` if given."""
    targets = list(paths) or [str(cfg.resolve(p)) for p in cfg.specs]
    try:
        return parse_paths(targets, jobs=jobs if jobs is not None else cfg.jobs, progress=terminal_progress("parsing"), root=root)
    except InputError as e:
        raise click.UsageError(str(e)) from e
    except OSError as e:
        raise click.UsageError(f"{e.filename}: cannot read: {e.strerror}") from e


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="docgen")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Turn Graph-style API reference docs (Markdown or plain text) into an IR, a Python SDK and tests.

    \b
    Pipeline:  docs --parse--> IR --generate--> SDK + tests
    Commands read defaults from [tool.docgen] in the nearest pyproject.toml.
    """
    try:
        ctx.obj = load()
    except ConfigError as e:
        raise click.UsageError(str(e)) from e


@main.command("ir")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the JSON here instead of stdout.")
@click.option("--pretty", is_flag=True, help="Indent the JSON for reading (slower on large inputs).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: all cores for large inputs).")
@click.pass_context
def ir_command(ctx: click.Context, paths: tuple[str, ...], output: str | None, pretty: bool, jobs: int | None) -> None:
    """Parse PATHS (files or folders; default: the configured specs) and print the IR as JSON.

    The JSON shape is documented in docs/ir.md and docgen/ir/schema.json. Source files are named
    relative to the project root (the folder of pyproject.toml) when below it, else relative to
    the folder given, so the JSON does not depend on the working directory.
    """
    cfg = _config(ctx)
    doc = load_ir(cfg, paths, jobs, root=cfg.root)
    text = dumps(doc, indent=1 if pretty else None)
    if output:
        target = Path(output)
        if not target.parent.is_dir():
            raise click.UsageError(f"{output}: the folder {str(target.parent)!r} does not exist")
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(target)
        except OSError as e:
            tmp.unlink(missing_ok=True)
            raise click.ClickException(f"{output}: cannot write: {e.strerror}") from e
    else:
        sys.stdout.write(text)


@main.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True, help="Output format.")
@click.option("--strict", is_flag=True, default=None, help="Exit 1 on warnings too.")
@click.option("--min-level", type=click.Choice(["info", "warning", "error"]), default="warning", show_default=True, help="Hide diagnostics below this level.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: all cores for large inputs).")
@click.pass_context
def check_command(ctx: click.Context, paths: tuple[str, ...], fmt: str, strict: bool | None, min_level: str, jobs: int | None) -> None:
    """Report problems in the docs as `file:line: level CODE: message`.

    Exits 1 when there are errors (or warnings, with --strict). Codes are listed in docs/diagnostics.md.
    """
    cfg = _config(ctx)
    doc = load_ir(cfg, paths, jobs)
    rank = {"info": 0, "warning": 1, "error": 2}
    shown = [d for d in doc.diagnostics if rank[d.level] >= rank[min_level]]
    if fmt == "json":
        click.echo(dg.format_json(shown))
    else:
        fmt_one = dg.format_github if fmt == "github" else dg.format_text
        for d in shown:
            click.echo(fmt_one(d))
    counts = {lvl: sum(1 for d in doc.diagnostics if d.level == lvl) for lvl in ("error", "warning", "info")}
    if fmt == "text":
        click.echo(
            f"{len(doc.operations)} operations, {len(doc.types)} types; "
            f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} infos",
            err=True,
        )
    strict = cfg.strict if strict is None else strict
    if counts["error"] or (strict and counts["warning"]):
        ctx.exit(1)


def _register_optional() -> None:
    """Commands living in their own modules (build, diff) register themselves here."""
    import importlib

    for module in ("docgen.generate.command", "docgen.diff.command"):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as e:
            if e.name != module:
                raise
            continue
        main.add_command(mod.command)


_register_optional()
