-- wrk script: cycle through the request paths listed in a file, count unexpected statuses.
-- Usage: wrk ... -s bench/paths.lua URL -- PATHS_FILE EXPECTED_STATUS
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  requests_ = {}
  for line in io.lines(args[1]) do
    if #line > 0 then
      table.insert(requests_, wrk.format("GET", line))
    end
  end
  expected = tonumber(args[2] or "200")
  unexpected = 0
  counter = math.random(#requests_) - 1
end

function request()
  counter = counter + 1
  return requests_[(counter % #requests_) + 1]
end

function response(status, headers, body)
  if status ~= expected then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("unexpected")
  end
  io.write(string.format("UNEXPECTED %d\n", total))
end
