"""``docgen diff``: compare two revisions of the docs and judge every change (see docs/diff.md).

Pipeline: ``inputs`` (folder / file / IR JSON / ``REV:path`` -> Document, pages parsed once over both
sides) -> ``match`` (keys: endpoints, types, names) -> ``engine`` (compare -> findings, judged by the
``rules`` registry) -> ``allow`` (accepted fingerprints) -> ``report`` (text, Markdown, JSON, GitHub,
changelog). ``command`` is the click command; ``command.run`` is the library entry point.
"""
