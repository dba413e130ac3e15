"""Times pandas.read_csv (C parser) on the benchmark file: best of three, MB/s."""
import os
import sys
import time

import pandas as pd

path = sys.argv[1]
size = os.path.getsize(path)
best = float("inf")
for _ in range(3):
    start = time.perf_counter()
    frame = pd.read_csv(path, engine="c")
    best = min(best, time.perf_counter() - start)
print(f"pandas {pd.__version__} read_csv: {best:.3f} s, {size / best / 1e6:.0f} MB/s ({len(frame)} rows)")
