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
from typing import Iterator

import click

from ..config import Config
from .build import Options, render_files
from .cache import parse_cached, read_specs
from .fmt import Formatter, worker_pool
from .names import PythonIdentifier, UnsafeNameError
from .render import template_files
from .write import compare, write_tree
from ..progress import terminal_progress

CACHE_DIR = ".docgen-cache"


def _fingerprint(pages: list[tuple[str, bytes]], options: Options) -> str:
    """Everything the output depends on: pages, options, templates and docgen's own code."""
    h = hashlib.sha256(json.dumps([options.package, options.base_url]).encode())
    for name, data in pages:
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
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
    pages: list[tuple[str, bytes]], options: Options, jobs: int | None, cache_dir: Path | None
) -> dict[str, str]:
    """Every output file, formatted (``{POSIX path: text}``)."""
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    # Started before parsing (a small process to fork); they parse cache misses, then run black.
    pool = worker_pool(workers) if workers > 1 else None
    try:
        formatter = Formatter(cache_dir, workers, executor=pool)
        with _gc_paused():
            _render_into(formatter, pages, options, cache_dir, workers, pool)
        formatted = formatter.finish(progress=terminal_progress("formatting"))
    finally:
        if pool is not None:  # the workers exit while the output is compared and written
            pool.shutdown(wait=False, cancel_futures=True)
    return formatted


def _render_into(
    formatter: Formatter,
    pages: list[tuple[str, bytes]],
    options: Options,
    cache_dir: Path | None,
    jobs: int,
    pool: Executor | None,
) -> None:
    """Parse, build the view-models, render; each file goes to ``formatter`` as soon as it exists.

    The IR and the view-models are dropped on return (before garbage collection resumes).
    """
    doc = parse_cached(pages, cache_dir, jobs=jobs, progress=terminal_progress("parsing"), executor=pool)
    for name, text in render_files(doc, options):
        formatter.add(name, text)


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("-o", "--output", type=click.Path(file_okay=False), help="Output folder (default: [tool.docgen] output).")
@click.option("--package", help="Python package name (default: [tool.docgen] package, else graph_sdk).")
@click.option("--templates", type=click.Path(exists=True, file_okay=False), help="Folder of templates overriding ours file by file.")
@click.option("--base-url", help="Default base URL of the generated client.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 and list stale files if the output is out of date.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write .docgen-cache/.")
@click.option("-j", "--jobs", type=int, help="Worker processes for parsing and formatting (default: all cores).")
@click.pass_context
def command(
    ctx: click.Context,
    paths: tuple[str, ...],
    output: str | None,
    package: str | None,
    templates: str | None,
    base_url: str | None,
    check: bool,
    no_cache: bool,
    jobs: int | None,
) -> None:
    """Generate the SDK package and its tests from PATHS (default: the configured specs).

    The output folder is replaced atomically; unchanged files are not formatted again (cache in
    .docgen-cache/ next to pyproject.toml). See docs/generate.md.
    """
    cfg: Config = ctx.obj
    try:
        pkg = PythonIdentifier(package or cfg.package)
    except UnsafeNameError as e:
        raise click.UsageError(f"package name: {e}") from e
    tmpl = templates or (str(cfg.resolve(cfg.templates)) if cfg.templates else None)
    options = Options(package=pkg, base_url=base_url or cfg.base_url, templates=tmpl)
    out = Path(output) if output else cfg.resolve(cfg.output)
    cache_dir = None if no_cache else cfg.root / CACHE_DIR
    jobs = jobs if jobs is not None else cfg.jobs
    started = time.perf_counter()

    # No-op fast path: same inputs as the last build and the output untouched since.
    stamp = cache_dir / "last-build.json" if cache_dir else None
    targets = list(paths) or [str(cfg.resolve(p)) for p in cfg.specs]
    pages = read_specs(targets)
    fp = _fingerprint(pages, options)
    if stamp is not None and stamp.is_file():
        try:
            last = json.loads(stamp.read_text(encoding="utf-8"))
        except ValueError:
            last = {}
        if last.get("fingerprint") == fp and last.get("output") == str(out.resolve()):
            digests = last.get("files", {})
            if _tree_digests(out) == digests:
                click.echo(f"{out}: up to date ({len(digests)} files, {time.perf_counter() - started:.2f}s)", err=True)
                return

    files = build_files(pages, options, jobs, cache_dir)
    diff = compare(out, files)
    if check:
        if diff.stale:
            for line in diff.lines():
                click.echo(line)
            click.echo(f"{out}: {len(diff.lines())} stale files; run `docgen build`", err=True)
            ctx.exit(1)
        click.echo(f"{out}: up to date", err=True)
        return
    if diff.stale:
        write_tree(out, files, same=diff.same)
    if stamp is not None:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(
            # the tree now holds exactly ``files``: digest the text rather than read the tree back
            json.dumps({"fingerprint": fp, "output": str(out.resolve()), "files": _text_digests(files)}, sort_keys=True),
            encoding="utf-8",
        )
    click.echo(
        f"{out}: {len(files)} files, {len(diff.missing)} added, {len(diff.changed)} changed, "
        f"{len(diff.extra)} removed ({time.perf_counter() - started:.1f}s)",
        err=True,
    )


def _tree_digests(out: Path) -> dict[str, str]:
    from .write import _existing

    return {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in sorted(_existing(out).items())}


def _text_digests(files: dict[str, str]) -> dict[str, str]:
    return {name: hashlib.sha256(files[name].encode("utf-8")).hexdigest() for name in sorted(files)}
