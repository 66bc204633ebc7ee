"""Prints a process's CPU time so far, in clock ticks (user + system), as two numbers: the whole process (threads that
ended included), and its JIT compiler threads alone. bench/run reads it before and after each round: a request's cost is the difference over
the round's requests, with and without the compilers (which may still be at work after the warm-up)."""
import os
import sys

pid = sys.argv[1]
with open(f"/proc/{pid}/stat") as f:
    stat = f.read()
fields = stat[stat.rindex(")") + 2:].split()
total = int(fields[11]) + int(fields[12])  # utime and stime, fields 14 and 15 of stat
jit = 0
for task in os.listdir(f"/proc/{pid}/task"):
    try:
        with open(f"/proc/{pid}/task/{task}/stat") as f:
            stat = f.read()
    except FileNotFoundError:  # a thread that ended meanwhile
        continue
    name = stat[stat.index("(") + 1:stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2:].split()
    if name.startswith(("C1 CompilerThre", "C2 CompilerThre")):
        jit += int(fields[11]) + int(fields[12])
print(total, jit)
