"""Summarises `jfr print --events jdk.ExecutionSample` (read from stdin): the share of samples whose stack holds each
frame group (inclusive), and the hottest methods (self). Used by bench/profile."""
import collections
import re
import sys

# inclusive groups: the first pattern found anywhere in a stack counts the sample for that group
GROUPS = [
    ("structured JSON log encoding (Boot's StructuredLogEncoder)", r"StructuredLogEncoder\.encode"),
    ("log appending and console/file output (Logback)", r"ch\.qos\.logback\.core\.OutputStreamAppender\.(writeBytes|subAppend)"),
    ("access-log line (Bulwark's AccessLogFilter)", r"AccessLogFilter\.doFilterInternal"),
    ("Spring Security filter chain", r"FilterChainProxy\.doFilter"),
    ("JWT decoding and validation", r"(CachingJwtDecoder|NimbusJwtDecoder)\.decode"),
    ("HTTP server observation (Micrometer)", r"ServerHttpObservationFilter\.doFilterInternal"),
    ("adaptive limiter", r"AdaptiveLimitFilter\.doFilterInternal"),
    ("rate limiter", r"RateLimitFilter\.doFilterInternal"),
    ("correlation id filter", r"CorrelationIdFilter\.doFilterInternal"),
    ("Spring MVC dispatch and JSON body", r"DispatcherServlet\.doDispatch"),
    ("Tomcat request parsing and response", r"Http11Processor\.service"),
    ("JIT compiler and GC (no Java stack)", r"^$"),
]

stacks = []
current = None
for line in sys.stdin:
    line = line.rstrip("\n")
    if line.startswith("jdk.ExecutionSample"):
        current = []
        stacks.append(current)
    elif current is not None:
        match = re.match(r"\s+([\w$.<>/]+)\(", line)
        if match and "line:" in line:
            current.append(match.group(1))

total = len(stacks)
if total == 0:
    print("no samples")
    sys.exit(0)
print(f"{total} execution samples")
print()
print("| Under | Share |")
print("|---|---|")
for name, pattern in GROUPS:
    regex = re.compile(pattern)
    hits = sum(1 for stack in stacks if any(regex.search(frame) for frame in stack))
    print(f"| {name} | {100.0 * hits / total:.1f}% |")
print()
self_counts = collections.Counter(stack[0] for stack in stacks if stack)
print("| Hottest methods (self) | Share |")
print("|---|---|")
for frame, count in self_counts.most_common(15):
    print(f"| `{frame}` | {100.0 * count / total:.1f}% |")
