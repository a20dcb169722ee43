"""The organisation layer: org charts, generated or imported, and ownership staffing on them."""
