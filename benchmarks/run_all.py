"""Run every benchmark script in this folder, one after the other, and print their figures.

Usage: python benchmarks/run_all.py   (what `make bench` runs). Each script can also run alone.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    status = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n=== {script.name} ===", flush=True)
        status |= subprocess.run([sys.executable, str(script)]).returncode
    sys.exit(status)
