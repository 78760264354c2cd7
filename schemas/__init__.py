"""The schemas ocds-regency ships, as a data package (installed as ``ocds_regency.schemas``).

The one copy in the repository, at its top level: one directory per OCDS version (``ocds/1.1/``: the OCDS
1.1.5 release, package, record and versioned-release schemas and their codelists; read them with
:func:`ocds_regency.standard.standard_version`), the Indonesian field titles (``titles-id.json``), the five
bundled community extensions and the ``indonesia`` extension (``extensions/``), and JSON Schemas of the ISB
datasets the readers accept (``isb/``). Everything but ``indonesia`` and the titles is written by
``scripts/derive_schemas.py``; read them with ``importlib.resources.files("ocds_regency.schemas")``.
"""
