"""Turns bench/run's measurements into the table it prints and the JSON file it writes."""
import json
import os
import platform
import statistics
import sys
from datetime import datetime, timezone

(results_file, cores, java, jvm_flags, loader, rounds, duration, warmup, out, smoke) = sys.argv[1:11]
records = [json.loads(line) for line in open(results_file)]
apps = list(dict.fromkeys(r["app"] for r in records if r["kind"] == "round"))


def spread(values):
    mean = statistics.fmean(values)
    return {"mean": round(mean, 3), "min": round(min(values), 3), "max": round(max(values), 3),
            "spread_pct": round(100 * (max(values) - min(values)) / mean, 1) if mean else 0.0}


summary = {}
for app in apps:
    runs = [r for r in records if r["app"] == app and r["kind"] == "round"]
    process = next(r for r in records if r["app"] == app and r["kind"] == "process")
    summary[app] = {
        "throughput_rps": spread([r["rps"] for r in runs]),
        "p50_ms": spread([r["p50_ms"] for r in runs]),
        "p99_ms": spread([r["p99_ms"] for r in runs]),
        # the application's CPU time per request, all of it, and without its JIT compilers' (older files have neither)
        "cpu_us_per_request": spread([r["cpu_us_per_request"] for r in runs]) if all("cpu_us_per_request" in r for r in runs) else None,
        "cpu_us_per_request_without_jit": spread([r["cpu_us_per_request"] - r["jit_us_per_request"] for r in runs])
        if all("jit_us_per_request" in r for r in runs) else None,
        "non_2xx": sum(r.get("non_2xx", 0) for r in runs),
        # the median of the starts (older files have only the process's own)
        "startup_ms": statistics.median_low([r["startup_ms"] for r in records if r["app"] == app and r["kind"] == "start"]
                                        or [process["startup_ms"]]),
        "startup_runs_ms": [r["startup_ms"] for r in records if r["app"] == app and r["kind"] == "start"],
        "rss_mb": round(process["rss_kb"] / 1024, 1),
    }


def ratio(app, base, key):
    if base not in summary or app not in summary:
        return None
    a, b = summary[app][key], summary[base][key]
    if a is None or b is None:
        return None
    a, b = (a["mean"], b["mean"]) if isinstance(a, dict) else (a, b)
    return round(a / b, 3) if b else None


for app in apps:
    summary[app]["vs_bare"] = {k: ratio(app, "bare", k) for k in ("throughput_rps", "p50_ms", "p99_ms", "startup_ms", "rss_mb", "cpu_us_per_request", "cpu_us_per_request_without_jit")}
if "bulwark" in summary and "stock" in summary:
    summary["bulwark"]["vs_stock"] = {k: ratio("bulwark", "stock", k) for k in ("throughput_rps", "p99_ms", "startup_ms", "rss_mb", "cpu_us_per_request", "cpu_us_per_request_without_jit")}

overload = []
for r in (x for x in records if x["kind"] == "overload"):
    overload.append({
        "limiter": r["limiter"],
        "saturation_rps": round(r["saturation_rps"], 1),
        "offered_rps": r["overloaded"]["offered_per_s"],
        "goodput_rps": r["overloaded"]["goodput_per_s"],
        "goodput_of_peak": round(r["overloaded"]["goodput_per_s"] / r["saturation_rps"], 3),
        "rejected_rps": r["overloaded"]["rejected_per_s"],
        "errors": r["overloaded"]["errors"],
        "admitted_p99_ms": r["overloaded"]["p99_ms"],
        "unloaded_p99_ms": r["unloaded"]["p99_ms"],
        "admitted_p99_vs_unloaded": round(r["overloaded"]["p99_ms"] / r["unloaded"]["p99_ms"], 2) if r["unloaded"]["p99_ms"] else None,
    })

report = {
    "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    "mode": "smoke" if smoke == "1" else "full",
    "machine": {"cores": int(cores), "cpu": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor()),
                "kernel": platform.release(), "java": java, "jvm_flags": jvm_flags},
    "method": {"load_generator": loader, "connections": 16, "warmup_s": int(warmup), "rounds": int(rounds), "starts": max((len(summary[a]["startup_runs_ms"]) for a in summary), default=0) or 1, "round_s": int(duration),
               "pinning": "application on core 0, load generator on core 1"},
    "apps": summary,
    "overload": overload,
}
os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
with open(out, "w") as f:
    json.dump(report, f, indent=2)
    f.write("\n")


def fmt(value, digits=0):
    return "-" if value is None else f"{value:,.{digits}f}"


print()
print(f"{'app':<9} {'req/s':>10} {'±%':>5} {'p50 ms':>8} {'p99 ms':>8} {'CPU µs/req':>10} {'no JIT':>7} {'start ms':>9} {'RSS MB':>7} | {'thr/bare':>8} {'p99/bare':>8} {'CPU/bare':>8} {'no JIT':>7} {'start/bare':>10} {'RSS/bare':>8}")
for app in apps:
    s = summary[app]
    v = s["vs_bare"]
    print(f"{app:<9} {fmt(s['throughput_rps']['mean']):>10} {fmt(s['throughput_rps']['spread_pct'], 1):>5} {fmt(s['p50_ms']['mean'], 2):>8} "
          f"{fmt(s['p99_ms']['mean'], 2):>8} {fmt(s['cpu_us_per_request'] and s['cpu_us_per_request']['mean'], 1):>10} "
          f"{fmt(s['cpu_us_per_request_without_jit'] and s['cpu_us_per_request_without_jit']['mean'], 1):>7} "
          f"{fmt(s['startup_ms']):>9} {fmt(s['rss_mb'], 0):>7} | {fmt(v['throughput_rps'], 2):>8} "
          f"{fmt(v['p99_ms'], 2):>8} {fmt(v['cpu_us_per_request'], 2):>8} {fmt(v['cpu_us_per_request_without_jit'], 2):>7} {fmt(v['startup_ms'], 2):>10} {fmt(v['rss_mb'], 2):>8}")
if "vs_stock" in summary.get("bulwark", {}):
    v = summary["bulwark"]["vs_stock"]
    print(f"bulwark / stock: throughput {fmt(v['throughput_rps'], 2)}, p99 {fmt(v['p99_ms'], 2)}, CPU per request {fmt(v['cpu_us_per_request'], 2)} ({fmt(v['cpu_us_per_request_without_jit'], 2)} without the JIT), startup {fmt(v['startup_ms'], 2)}, RSS {fmt(v['rss_mb'], 2)}")
for o in overload:
    print(f"overload, adaptive limiter {o['limiter']:>3}: offered {fmt(o['offered_rps'])}/s (2x saturation {fmt(o['saturation_rps'])}), "
          f"goodput {fmt(o['goodput_rps'])}/s = {fmt(100 * o['goodput_of_peak'], 0)}% of peak, rejected {fmt(o['rejected_rps'])}/s, "
          f"errors {o['errors']}, admitted p99 {fmt(o['admitted_p99_ms'], 1)} ms = {fmt(o['admitted_p99_vs_unloaded'], 1)}x unloaded ({fmt(o['unloaded_p99_ms'], 2)} ms)")
for app in apps:
    if summary[app]["non_2xx"]:
        print(f"note: {app} answered {summary[app]['non_2xx']} requests with a non-2xx status during the rounds")
print(f"\nwritten to {out}")
