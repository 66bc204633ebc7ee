"""Turns bench/features' pairs of rounds into the table it prints and the JSON file it writes."""
import json
import statistics
import sys
from datetime import datetime, timezone

results_file, out = sys.argv[1:3]


def cpu(round_):
    """The CPU time per request without the JIT compilers'."""
    return round_["cpu_us_per_request"] - round_["jit_us_per_request"]


pairs = [json.loads(line) for line in open(results_file)]
names = list(dict.fromkeys(p["variant"] for p in pairs))
# what the variant that switches nothing off "saves" is the run's bias (the instance started first is slower)
floor = statistics.median(cpu(p["all"]) - cpu(p["without"]) for p in pairs if p["variant"] == "same") \
    if any(p["variant"] == "same" for p in pairs) else None
print(f"\n{'off':<18} {'CPU µs/req: all on':>18} {'off':>7} {'saves':>7} {'net':>6} {'range':>14} {'share':>6} {'req/s: all on / off':>20}  what is off")
report = []
for name in names:
    mine = [p for p in pairs if p["variant"] == name]
    saves = [cpu(p["all"]) - cpu(p["without"]) for p in mine]
    all_on = statistics.median(cpu(p["all"]) for p in mine)
    off = statistics.median(cpu(p["without"]) for p in mine)
    rps_all = statistics.median(p["all"]["rps"] for p in mine)
    rps_off = statistics.median(p["without"]["rps"] for p in mine)
    median = statistics.median(saves)
    spread = f"[{min(saves):.1f}, {max(saves):.1f}]"
    net = median - floor if floor is not None and name != "same" else None
    print(f"{name:<18} {all_on:>18.1f} {off:>7.1f} {median:>7.1f} {'' if net is None else f'{net:.1f}':>6} {spread:>14} {100 * median / all_on:>5.0f}% "
          f"{f'{rps_all:,.0f} / {rps_off:,.0f}':>20}  {mine[0]['off']}")
    report.append({"variant": name, "off": mine[0]["off"], "arguments": mine[0]["arguments"],
                   "cpu_us_all_on": round(all_on, 1), "cpu_us_off": round(off, 1), "saves_us": round(median, 1),
                   "saves_us_net_of_same": None if net is None else round(net, 1),
                   "saves_us_range": [round(min(saves), 1), round(max(saves), 1)], "pairs": mine})

with open(out, "w") as f:
    json.dump({"when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               "method": "pairs of closed rounds, every feature on and one feature off, alternating; the CPU time per "
                         "request of the application without its JIT compiler threads; the median over the pairs",
               "variants": report}, f, indent=2)
    f.write("\n")
refused = sum(p[side].get("non_2xx", 0) for p in pairs for side in ("all", "without"))
if refused:
    print(f"\nnote: {refused} requests were answered with a non-2xx status during the rounds")
print(f"\nwritten to {out}")
