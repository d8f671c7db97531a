-- POST /api/v1/auth/refresh in a chain: each reply's refresh token is used for the next request.
-- Run with as many threads as connections (-t N -c N), so each connection owns one token chain
-- (a token presented twice would end its session, as it must).
local tokens = {}
for line in io.lines(os.getenv("REFRESH_TOKENS")) do tokens[#tokens + 1] = line end
local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("token", tokens[counter])
  table.insert(threads, thread)
end

function init(args)
  failures = 0
end

function request()
  return wrk.format("POST", "/api/v1/auth/refresh", {["Content-Type"] = "application/json"},
                    '{"refresh_token":"' .. token .. '"}')
end

function response(status, headers, body)
  if status == 200 then
    token = body:match('"refresh_token":"([^"]+)"')
  else
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, t in ipairs(threads) do failed = failed + t:get("failures") end
  io.write(string.format("refresh: %d requests, %d non-200 replies\n", summary.requests, failed))
end
