-- wrk script for the collector's load test: every request is a JSON array of `batch` event
-- lines with ids unique across threads and requests, so that nothing is de-duplicated away and
-- every acknowledged event must be in the store. Prints the acknowledged count per thread.
local batch = tonumber(os.getenv("BATCH") or "10")
local machine = string.rep("ab", 32)
local threads = {}
local counter = 0
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
  table.insert(threads, thread)
end

function init(args)
  acknowledged = 0
  rejected = 0
  sequence = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local lines = {}
  for i = 1, batch do
    sequence = sequence + 1
    local id = string.format("%08x%08x%016x", tid, 0, sequence)
    lines[i] = '{"schema":1,"name":"command_run","tool":"loadtest","tool_version":"1.0.0","machine_id":"' .. machine ..
      '","timestamp_utc":"2026-12-01T10:00:00.000Z","event_id":"' .. id .. '","attrs":{"command":"build","duration_ms":' .. (sequence % 1000) .. '}}'
  end
  return wrk.format(nil, "/v1/events", nil, "[" .. table.concat(lines, ",") .. "]")
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    acknowledged = acknowledged + batch
  else
    rejected = rejected + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  local refused = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("acknowledged")
    refused = refused + thread:get("rejected")
  end
  io.write(string.format("acknowledged_events %d\nrejected_requests %d\n", total, refused))
  io.write(string.format("p50_us %d\np99_us %d\n", latency:percentile(50), latency:percentile(99)))
end
