"""docgen: Graph-style API reference docs -> IR -> Python SDK and tests.

Pipeline (one package a stage): ``parse`` (docs -> blocks -> page results), ``ir`` (model, linking,
JSON), ``generate`` (IR -> SDK files), ``diff`` (IR vs IR -> findings). ``pipeline`` ties parsing
together; ``cli`` is the command line.
"""

__version__ = "0.1.0"
