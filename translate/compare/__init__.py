"""Compare N systems: corpus scores with signatures, paired significance, per-segment differences."""
