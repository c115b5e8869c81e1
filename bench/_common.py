"""What every benchmark prints beside its figures: the machine and its load."""
import os
import platform


def machine():
    load = os.getloadavg()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    return (f"machine: {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}; "
            f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(round(len(values) * p / 100)) - 1))]
