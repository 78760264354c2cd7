"""The ``id.*`` checks (Indonesian rules: HPS and pagu, IDR, NPWP): one module per check, named after its code."""
