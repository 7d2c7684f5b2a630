"""``docgen build``: docs -> SDK package + tests, written atomically; ``--check`` for CI."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import time
from concurrent.futures import Executor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import click

from .. import diagnostics as dg
from ..config import Config
from ..ir.model import Diagnostic
from ..parse.includes import Includes, dependencies
from ..pipeline import InputError, build_document, display_path, read_specs_and_includes
from .build import Options, render_files
from .fmt import Formatter, worker_pool
from .names import PythonIdentifier, UnsafeNameError
from .render import template_files
from .ownership import OutputRefused, check_replaceable, with_marker
from .swap import LockTimeout
from .write import compare, write_tree
from ..progress import terminal_progress

CACHE_DIR = ".docgen-cache"


def _fingerprint(pages: list[tuple[str, bytes]], includes: Includes, options: Options) -> str:
    """Everything the output depends on: pages and the files they include, options, templates and
    docgen's own code."""
    h = hashlib.sha256(json.dumps([options.package, options.base_url, options.docs_url]).encode())
    for name, data in pages:
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
        h.update(hashlib.sha256(dependencies(data, name, includes)).digest())
    for f in template_files(options.templates):
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    root = Path(__file__).resolve().parent.parent
    for f in sorted(root.rglob("*.py")):
        h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while the IR and the view-models are built.

    They are hundreds of thousands of long-lived objects, and generational collections triggered
    by their allocation rescan them over and over (about a third of a one-page rebuild). Garbage
    cycles made meanwhile are collected when the pause ends; worker processes forked meanwhile
    turn collection back on (the ``gc.enable`` initializers in :mod:`.cache` and :mod:`.fmt`).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()  # what survives is long-lived: the first collection after the pause skips it
            gc.enable()


def build_files(
    pages: list[tuple[str, bytes]],
    options: Options,
    jobs: int | None,
    cache_dir: Path | None,
    includes: Includes | None = None,
) -> tuple[dict[str, str], list[Diagnostic]]:
    """Every output file, formatted (``{POSIX path: text}``), and the docs' diagnostics."""
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    # Started before parsing (a small process to fork); they parse cache misses, then run black.
    pool = worker_pool(workers) if workers > 1 else None
    try:
        formatter = Formatter(cache_dir, workers, executor=pool)
        with _gc_paused():
            diagnostics = _render_into(formatter, pages, options, cache_dir, workers, pool, includes)
        formatted = formatter.finish(progress=terminal_progress("formatting"))
    finally:
        if pool is not None:  # the workers exit while the output is compared and written
            pool.shutdown(wait=False, cancel_futures=True)
    return with_marker(formatted), diagnostics


def _render_into(
    formatter: Formatter,
    pages: list[tuple[str, bytes]],
    options: Options,
    cache_dir: Path | None,
    jobs: int,
    pool: Executor | None,
    includes: Includes | None = None,
) -> list[Diagnostic]:
    """Parse, build the view-models, render; each file goes to ``formatter`` as soon as it exists.

    The IR and the view-models are dropped on return (before garbage collection resumes); the
    diagnostics are returned.
    """
    doc = build_document(pages, cache_dir=cache_dir, jobs=jobs, progress=terminal_progress("parsing"), executor=pool, includes=includes)
    for name, text in render_files(doc, options):
        formatter.add(name, text)
    return list(doc.diagnostics)


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("-o", "--output", type=click.Path(file_okay=False), help="Output folder (default: [tool.docgen] output).")
@click.option("--package", help="Python package name (default: [tool.docgen] package, else graph_sdk).")
@click.option("--templates", type=click.Path(exists=True, file_okay=False), help="Folder of templates overriding ours file by file.")
@click.option("--base-url", help="Default base URL of the generated client.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 and list stale files if the output is out of date.")
@click.option("--strict", is_flag=True, default=None, help="Fail (exit 1, nothing written) on warnings in the docs too.")
@click.option("--force", is_flag=True, help="Replace an output folder docgen did not write (never the project, home or a git root).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write .docgen-cache/.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes for parsing and formatting (default: all cores).")
@click.pass_context
def command(
    ctx: click.Context,
    paths: tuple[str, ...],
    output: str | None,
    package: str | None,
    templates: str | None,
    base_url: str | None,
    check: bool,
    strict: bool | None,
    force: bool,
    no_cache: bool,
    jobs: int | None,
) -> None:
    """Generate the SDK package and its tests from PATHS (default: the configured specs).

    \b
    The output folder is replaced as a whole, atomically, and only when it is docgen's: absent,
    empty, or holding docgen's marker file (.docgen-output) and no file docgen did not write.
    Errors in the docs fail the build (warnings too with --strict) and nothing is written.
    Unchanged files are not formatted again (cache in .docgen-cache/ next to pyproject.toml).
    See docs/generate.md.
    """
    cfg: Config = ctx.obj
    try:
        pkg = PythonIdentifier(package or cfg.package)
    except UnsafeNameError as e:
        raise click.UsageError(f"package name: {e}") from e
    if base_url is not None and not base_url.startswith(("https://", "http://")):
        raise click.BadParameter(f"{base_url!r} is not an http(s) URL", param_hint="--base-url")
    if templates:
        tmpl: str | None = templates
    elif cfg.templates:
        tmpl = str(cfg.resolve(cfg.templates))
        if not Path(tmpl).is_dir():
            raise click.UsageError(f"{cfg.path}: [tool.docgen] templates = {cfg.templates!r}: no such folder ({tmpl})")
    else:
        tmpl = None
    options = Options(package=pkg, base_url=base_url or cfg.base_url, templates=tmpl, docs_url=cfg.docs_url)
    out = Path(output) if output else cfg.resolve(cfg.output)
    shown_out = display_path(out)  # for messages only: relative to the working directory
    cache_dir = None if no_cache else cfg.root / CACHE_DIR
    jobs = jobs if jobs is not None else cfg.jobs
    strict = cfg.strict if strict is None else strict
    started = time.perf_counter()

    targets = list(paths) or [str(cfg.resolve(p)) for p in cfg.specs]
    try:
        pages, includes = read_specs_and_includes(targets, root=cfg.root)
    except InputError as e:
        raise click.UsageError(str(e)) from e
    except OSError as e:
        raise click.UsageError(f"{e.filename}: cannot read: {e.strerror}") from e
    if not pages:
        raise click.UsageError(f"no spec files (.md, .txt) in {', '.join(targets)}; nothing to build")
    protected = dict(project_root=cfg.root if cfg.path else None, inputs=[Path(t) for t in targets] + ([cfg.path] if cfg.path else []))

    # No-op fast path: same inputs as the last build and the output untouched since.
    stamp = cache_dir / "last-build.json" if cache_dir else None
    fp = _fingerprint(pages, includes, options)
    last = _read_stamp(stamp)
    if last.get("fingerprint") == fp and last.get("output") == str(out.resolve()):
        digests = last.get("files", {})
        if _tree_digests(out) == digests:
            failed = _report(last.get("diagnostics", []), strict)
            click.echo(f"{shown_out}: up to date ({len(digests)} files, {time.perf_counter() - started:.2f}s)", err=True)
            if failed:  # e.g. --strict on docs an earlier, lenient build wrote
                click.echo(f"{shown_out}: the docs have {failed}", err=True)
                ctx.exit(1)
            return

    files, diagnostics = build_files(pages, options, jobs, cache_dir, includes)
    shown = [_diag_json(d) for d in sorted(diagnostics, key=dg.sort_key)]
    failed = _report(shown, strict)
    diff = compare(out, files)
    if check:
        if diff.stale:
            for line in diff.lines():
                click.echo(line)
            click.echo(f"{shown_out}: {len(diff.lines())} stale files; run `docgen build`", err=True)
            ctx.exit(1)
        click.echo(f"{shown_out}: up to date", err=True)
        if failed:
            ctx.exit(1)
        return
    if failed:
        click.echo(f"{shown_out}: not written: the docs have {failed}", err=True)
        ctx.exit(1)
    if diff.stale:
        try:
            check_replaceable(out, new_names=files, force=force, **protected)  # type: ignore[arg-type]
            write_tree(out, files, same=diff.same, on_wait=lambda: click.echo(f"{shown_out}: waiting for another docgen build writing there", err=True))
        except OutputRefused as e:
            raise click.UsageError(str(e)) from e
        except LockTimeout as e:
            raise click.ClickException(str(e)) from e
        except OSError as e:
            raise click.ClickException(f"{e.filename or out}: cannot write the output: {e.strerror}") from e
    if stamp is not None:
        try:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.write_text(
                # the tree now holds exactly ``files``: digest the text rather than read the tree back
                json.dumps({"fingerprint": fp, "output": str(out.resolve()), "files": _text_digests(files), "diagnostics": shown}, sort_keys=True),
                encoding="utf-8",
            )
        except OSError:
            pass  # the cache is an optimisation: a read-only project still builds
    click.echo(
        f"{shown_out}: {len(files)} files, {len(diff.missing)} added, {len(diff.changed)} changed, "
        f"{len(diff.extra)} removed ({time.perf_counter() - started:.1f}s)",
        err=True,
    )


def _diag_json(d: Diagnostic) -> dict[str, object]:
    return {"file": d.source.file, "line": d.source.line, "level": d.level, "code": d.code, "message": d.message}


def _report(diagnostics: list[dict[str, object]], strict: bool) -> str:
    """Print every error (and warning, under ``strict``) and a count by level; return what fails the build."""
    counts = {lvl: sum(1 for d in diagnostics if d["level"] == lvl) for lvl in ("error", "warning", "info")}
    failing = ("error", "warning") if strict else ("error",)
    for d in diagnostics:
        if d["level"] in failing:
            click.echo(f"{d['file']}:{d['line']}: {d['level']} {d['code']}: {d['message']}", err=True)
    if counts["error"] or counts["warning"]:
        click.echo(
            f"docs: {counts['error']} errors, {counts['warning']} warnings, {counts['info']} infos"
            " (`docgen check --min-level info` lists them)",
            err=True,
        )
    if counts["error"]:
        return f"{counts['error']} errors"
    if strict and counts["warning"]:
        return f"{counts['warning']} warnings (strict)"
    return ""


def _read_stamp(stamp: Path | None) -> dict[str, Any]:
    if stamp is None or not stamp.is_file():
        return {}
    try:
        data = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _tree_digests(out: Path) -> dict[str, str]:
    from .write import _existing

    return {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in sorted(_existing(out).items())}


def _text_digests(files: dict[str, str]) -> dict[str, str]:
    return {name: hashlib.sha256(files[name].encode("utf-8")).hexdigest() for name in sorted(files)}
