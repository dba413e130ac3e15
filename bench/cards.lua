-- wrk script for bench/cards.sh: each request asks for the next unit's card with its access code.
-- CARDS_PAIRS names a Lua file defining `card_pairs = {{unit, code}, ...}`; CARDS_FORMAT is json, html (the API)
-- or page (the company page's form), or summary (the API's JSON card with "detail":"summary"). Statuses other
-- than 200 are counted and printed at the end.
local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  dofile(os.getenv("CARDS_PAIRS"))
  format = os.getenv("CARDS_FORMAT") or "json"
  next_index = (id * 97) % #card_pairs
  bad = 0
  statuses = {}
end

function request()
  next_index = next_index % #card_pairs + 1
  local pair = card_pairs[next_index]
  if format == "page" then
    return wrk.format("POST", nil, {["Content-Type"] = "application/x-www-form-urlencoded"},
      "unit=" .. pair[1] .. "&code=" .. pair[2] .. "&language=da")
  end
  if format == "summary" then
    return wrk.format("POST", nil, {["Content-Type"] = "application/json"},
      '{"unit":"' .. pair[1] .. '","code":"' .. pair[2] .. '","format":"json","detail":"summary"}')
  end
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"},
    '{"unit":"' .. pair[1] .. '","code":"' .. pair[2] .. '","format":"' .. format .. '"}')
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local total, server_errors = 0, 0
  local by_status = {}
  for _, thread in ipairs(threads) do
    total = total + thread:get("bad")
    for status, n in pairs(thread:get("statuses")) do
      by_status[status] = (by_status[status] or 0) + n
      if status >= 500 then server_errors = server_errors + n end
    end
  end
  local detail = ""
  for status, n in pairs(by_status) do detail = detail .. string.format(" %d×%d", n, status) end
  io.write(string.format("non-200: %d of %d responses%s\n", total, summary.requests, detail))
  io.write(string.format("5xx: %d\n", server_errors))
end
