"""Reads wrk's --latency report on stdin and prints: requests per second, p50 in ms, p99 in ms, non-2xx answers."""
import re
import sys

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def millis(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * UNITS[unit]


report = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", report).group(1))
p50 = millis(re.search(r"^\s+50%\s+(\S+)", report, re.M).group(1))
p99 = millis(re.search(r"^\s+99%\s+(\S+)", report, re.M).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", report)
print(rps, p50, p99, int(non2xx.group(1)) if non2xx else 0)
