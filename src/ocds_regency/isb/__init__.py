"""The Indonesian local side: parsers, typed ISB records and the dataset registry.

- :mod:`ocds_regency.isb.parse`: value parsers (Rupiah, dates, NPWP/NIK, codes, lists, HTML).
"""
