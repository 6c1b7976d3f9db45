-- wrk script of bench/server/run.sh: GET /api/v1/search?q=... cycling through a list of queries
-- (one per line), authenticated with a personal API token. Prints one "result ..." line:
-- requests/s, latency percentiles in ms, errors (socket errors, timeouts, statuses >= 400).
-- An optional third argument is appended to every request's query string.
--
--   wrk -t2 -c32 -d30s --timeout 30s -s search.lua URL -- QUERIES_FILE TOKEN [&param=value...]

local threads = {}

-- Setup environment (not the threads'): numbers the threads so that they start at different
-- places of the list instead of sending the same queries in step.
function setup(thread)
  thread:set("thread_number", #threads)
  table.insert(threads, thread)
end

local function url_encode(text)
  return (text:gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

local requests = {}
local position = 1

-- Builds every request once: formatting them per call would cost wrk more than the server.
function init(args)
  local file = assert(io.open(args[1], "r"))
  local headers = { ["Authorization"] = "Bearer " .. args[2] }
  local suffix = args[3] or ""
  for line in file:lines() do
    if line ~= "" then
      table.insert(requests, wrk.format("GET", "/api/v1/search?q=" .. url_encode(line) .. suffix, headers))
    end
  end
  file:close()
  position = ((thread_number or 0) * 379) % #requests + 1
end

function request()
  local r = requests[position]
  position = position % #requests + 1
  return r
end

function done(summary, latency, _)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "result requests=%d seconds=%.1f rps=%.1f mean_ms=%.2f p50_ms=%.2f p90_ms=%.2f " ..
    "p99_ms=%.2f max_ms=%.2f errors=%d\n",
    summary.requests, seconds, summary.requests / seconds, latency.mean / 1000,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect + e.read + e.write + e.status + e.timeout))
end
