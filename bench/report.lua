-- wrk reporting for bench/run.py: one machine-readable line with the figures it needs.
-- RESULT <requests> <seconds> <p50 µs> <p95 µs> <non-2xx/3xx answers> <socket errors>
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %d %.6f %d %d %d %d\n", summary.requests, summary.duration / 1e6,
    latency:percentile(50), latency:percentile(95), summary.errors.status, errors))
end
