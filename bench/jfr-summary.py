"""Summarises `jfr print --events jdk.ExecutionSample` (read from stdin): the share of samples whose stack holds each
frame group (inclusive), the hottest methods (self), the self time by owner, and the samples by innermost filter, valve
or servlet. Used by bench/profile."""
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
    ("adaptive limiter's refusals", r"AdaptiveLimitValve\.refuse|AdaptiveLimitFilter\.shed"),
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


def print_table(title, rows):
    """A Markdown table of (name, samples) rows, as shares of all samples."""
    print()
    print(f"| {title} | Share |")
    print("|---|---|")
    for name, count in rows:
        print(f"| {name} | {100.0 * count / total:.1f}% |")


print_table("Under", [(name, sum(1 for stack in stacks if any(re.search(pattern, frame) for frame in stack)))
                      for name, pattern in GROUPS])
self_counts = collections.Counter(stack[0] for stack in stacks if stack)
print_table("Hottest methods (self)", [(f"`{frame}`", count) for frame, count in self_counts.most_common(15)])

# self time by owner: each sample goes to the first frame, from the leaf up, outside the JDK's own packages
OWNERS = [
    ("Logback", r"^ch\.qos\.logback\."),
    ("Spring Boot logging (structured encoders, masking)", r"^org\.springframework\.boot\.logging\."),
    ("Micrometer observation and metrics", r"^io\.micrometer\.(observation|core|common|context)\."),
    ("Micrometer tracing and OpenTelemetry", r"^(io\.micrometer\.tracing|io\.opentelemetry)\."),
    ("Prometheus client", r"^io\.prometheus\."),
    ("Spring Security", r"^org\.springframework\.security\."),
    ("Nimbus JOSE/JWT", r"^com\.nimbusds\."),
    ("Tomcat", r"^org\.apache\.(catalina|coyote|tomcat)\."),
    ("Jackson", r"^(tools\.jackson|com\.fasterxml\.jackson)\."),
    ("Spring Framework (web, MVC, core)", r"^org\.springframework\."),
    ("Bulwark", r"^dev\.bulwark\."),
    ("SLF4J", r"^org\.slf4j\."),
]
JDK = re.compile(r"^(java|javax|jdk|sun|com\.sun)\.")
owner_counts = collections.Counter()
for stack in stacks:
    owner = "JIT compiler and GC (no Java stack)" if not stack else "JDK only"
    for frame in stack:
        if JDK.match(frame):
            continue
        owner = next((name for name, pattern in OWNERS if re.match(pattern, frame)), "other: " + frame.rsplit(".", 2)[0])
        break
    owner_counts[owner] += 1
print_table("Self time by owner (first frame outside the JDK, from the leaf)", owner_counts.most_common(16))

# by innermost filter or valve: each sample goes to the first filter, valve or servlet from the leaf up, so these
# shares do not overlap (the chains that call the filters, and the base classes' doFilter, are passed over)
LAYER = re.compile(r"\.([\w$]+)\.(doFilter|doFilterInternal|invoke|doDispatch|service)$")
NOT_A_LAYER = {"OncePerRequestFilter", "ApplicationFilterChain", "FilterChainProxy$VirtualFilterChain",
               "CompositeFilter$VirtualFilterChain", "ObservationFilterChainDecorator"}
layer_counts = collections.Counter()
for stack in stacks:
    layer = next((f"{m.group(1)}.{m.group(2)}" for frame, m in zip(stack, map(LAYER.search, stack))
                  if m and m.group(1) not in NOT_A_LAYER and not JDK.match(frame)),
                 "(no filter, valve or servlet on the stack)")
    layer_counts[layer] += 1
print_table("Innermost filter, valve or servlet",
            [(layer if layer.startswith("(") else f"`{layer}`", count)
             for layer, count in layer_counts.most_common(30)])
