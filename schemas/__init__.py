"""The schemas ocds-regency ships, as a data package (installed as ``ocds_regency.schemas``).

The one copy in the repository, at its top level: the OCDS 1.1.5 release, package and record schemas, their
codelists, the five bundled community extensions and the ``indonesia`` extension (``extensions/``), and
JSON Schemas of the ISB datasets the readers accept (``isb/``). Everything but ``indonesia`` is written by
``scripts/derive_schemas.py``; read them with ``importlib.resources.files("ocds_regency.schemas")``.
"""
