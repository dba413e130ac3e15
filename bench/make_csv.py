"""Writes a ~200 MB numeric-heavy CSV for the reader's throughput check (not committed data).

1M rows x 40 columns: 16 integer columns, 20 decimal columns with 1-6 decimals, 4 text columns
(Danish region names, industry codes, size bands, a unit id). Seeded, so every run writes the same file.

    python3 bench/make_csv.py bench/data/numeric.csv [rows]
"""
import sys

import numpy as np
import pandas as pd

path = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
rng = np.random.default_rng(20240611)
columns = {}
columns["unit"] = [f"{i:08d}" for i in rng.permutation(rows)]
for k in range(16):
    high = [3, 10, 50, 250, 1000, 100000][k % 6]
    columns[f"i{k}"] = rng.integers(0, high, rows)
for k in range(20):
    decimals = 1 + k % 6
    scale = [1.0, 10.0, 100.0, 0.1][k % 4]
    columns[f"x{k}"] = np.round(rng.normal(0, scale, rows), decimals)
columns["region"] = rng.choice(["Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland"], rows)
columns["industry"] = [f"B{v:02d}" for v in rng.integers(1, 37, rows)]
columns["size"] = rng.choice(["1-4", "5-9", "10-19", "20-49", "50-99", "100-249", "250+"], rows)
frame = pd.DataFrame(columns)
frame.to_csv(path, index=False)
