"""The ``quality.*`` checks on one compiled release: one module per check, named after its code."""
