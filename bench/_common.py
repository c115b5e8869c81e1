"""What every benchmark prints beside its figures: the machine and its load."""
import os
import platform
from pathlib import Path


def machine():
    load = os.getloadavg()
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    return (f"machine: {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}; "
            f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(len(values) * p / 100) - 1))]
