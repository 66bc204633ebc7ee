# Shared by bench/run, bench/features and bench/profile (sourced, never run): the JDK, the JVM flags, the cores, the
# support tools (token issuer with its JWK set, OTLP sink), starting and stopping an application, and a measured
# closed-loop round. The caller sets `connections` and `loader` (wrk or java) before calling closed_round.

java_home=$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -n 1 || true)
java=${java_home:+$java_home/bin/}java
# The same flags for every application; the last two as the sample's Dockerfile has them (no JDK warnings on stderr).
jvm_flags="-Xms256m -Xmx512m -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
if [ "$(nproc)" -ge 2 ]; then app_cpu=0 load_cpu=1; else app_cpu=0 load_cpu=0; fi
tools_cp="bench/tools/target/classes:bench/tools/target/lib/*"
clock_ticks=$(getconf CLK_TCK)
connections=${connections:-16}
loader=${loader:-wrk}

build_apps() {
  # a repackaged jar that is already there is not rebuilt when only the starters changed: build it afresh
  rm -f bench/apps/*/target/*.jar
  ./mvnw -q -B -pl bench/apps/bare,bench/apps/stock,bench/apps/bulwark,bench/tools -am package -DskipTests
}

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# the token issuer and the OTLP sink, on the load generator's core; exports BENCH_TOKEN, BENCH_JWKS and BENCH_OTLP
start_support() {
  taskset -c "$load_cpu" "$java" -cp "$tools_cp" dev.bulwark.bench.tools.BenchSupport "$work/env" >"$work/support.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 200); do [ -f "$work/env" ] && break; sleep 0.05; done
  set -a; . "$work/env"; set +a
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# name (bare, stock or bulwark, with an optional -suffix for a variant), extra arguments...;
# sets app_pid, port, url and startup_ms (from launching the JVM to the first 200)
start_app() {
  local name=$1; shift
  port=$(free_port)
  url="http://127.0.0.1:$port/hello"
  local t0; t0=$(date +%s%N)
  # app_jar, when set, is another build of the application (bench/features' @jar= variants)
  taskset -c "$app_cpu" "$java" $jvm_flags -jar "${app_jar:-bench/apps/${name%%-*}/target/${name%%-*}.jar}" --server.port="$port" "$@" \
    >"$work/$name.log" 2>&1 &
  app_pid=$!
  pids+=($app_pid)
  for _ in $(seq 1 3000); do
    if curl -sf -o /dev/null -H "Authorization: Bearer $BENCH_TOKEN" "$url"; then
      startup_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
      return 0
    fi
    if ! kill -0 "$app_pid" 2>/dev/null; then
      echo "bench: $name did not start:" >&2; tail -n 30 "$work/$name.log" >&2; return 1
    fi
    sleep 0.02
  done
  echo "bench: $name did not answer within 60 s" >&2; return 1
}

stop_app() {
  kill "$app_pid" 2>/dev/null || true
  wait "$app_pid" 2>/dev/null || true
  local kept=() pid
  for pid in "${pids[@]}"; do [ "$pid" = "$app_pid" ] || kept+=("$pid"); done
  pids=("${kept[@]}")
}

# closed loop, $connections connections, for $2 seconds; prints requests/s, p50 ms, p99 ms, non-2xx answers
closed_round() {
  local url=$1 seconds=$2
  if [ "$loader" = wrk ]; then
    taskset -c "$load_cpu" wrk -t1 -c"$connections" -d"${seconds}s" --latency \
      -H "Authorization: Bearer $BENCH_TOKEN" "$url" | python3 bench/wrk-summary.py
  else
    taskset -c "$load_cpu" "$java" -cp "$tools_cp" dev.bulwark.bench.tools.LoadGenerator "$url" "$BENCH_TOKEN" 0 \
      "$seconds" "$connections" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["goodput_per_s"], r["p50_ms"], r["p99_ms"], r["rejected"] + r["errors"])'
  fi
}

# the JIT compilers share the application's core: a warm-up long enough for them to finish; errors are ignored here
warm_up() {
  local url=$1 seconds=$2
  if [ "$loader" = wrk ]; then
    taskset -c "$load_cpu" wrk -t1 -c"$connections" -d"${seconds}s" -H "Authorization: Bearer $BENCH_TOKEN" "$url" >/dev/null
  else
    taskset -c "$load_cpu" "$java" -cp "$tools_cp" dev.bulwark.bench.tools.LoadGenerator "$url" "$BENCH_TOKEN" 0 \
      "$seconds" "$connections" >/dev/null
  fi
}

# closed_round, and the application's CPU time per request over it (µs), all of it and its JIT compilers' alone: the
# neighbours of a shared machine move it far less than the throughput. Prints rps p50 p99 non2xx cpu_us jit_us.
measured_round() {
  local url=$1 seconds=$2 ticks jit_ticks rps p50 p99 non2xx
  read -r ticks jit_ticks < <(python3 bench/cpu-ticks.py "$app_pid")
  read -r rps p50 p99 non2xx < <(closed_round "$url" "$seconds")
  echo "$rps $p50 $p99 $non2xx $(python3 -c "
requests = max(1.0, $rps * $seconds)
ticks, jit_ticks = map(int, '$(python3 bench/cpu-ticks.py "$app_pid")'.split())
print(round((ticks - $ticks) * 1e6 / $clock_ticks / requests, 1), round(max(0, jit_ticks - $jit_ticks) * 1e6 / $clock_ticks / requests, 1))")"
}
