"""Times pandas.read_csv (C parser) on the benchmark file: median and best of N runs, MB/s.

    python3 bench/bench_pandas.py FILE [RUNS]
"""
import os
import statistics
import sys
import time

import pandas as pd

path = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
size = os.path.getsize(path)
times = []
for _ in range(runs):
    start = time.perf_counter()
    frame = pd.read_csv(path, engine="c")
    times.append(time.perf_counter() - start)
median = statistics.median(times)
print(f"pandas {pd.__version__} read_csv: median {median:.3f} s = {size / median / 1e6:.0f} MB/s, "
      f"best {size / min(times) / 1e6:.0f} MB/s ({len(frame)} rows)")
