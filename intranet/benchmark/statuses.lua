-- Count every response outside 200-299 (wrk's own summary counts only 4xx and 5xx, so a
-- redirect to the login page would pass for a fast page), per thread, and add them up.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  statuses = {}
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local total, by_status = 0, {}
  for _, thread in ipairs(threads) do
    total = total + thread:get("non2xx")
    for status, count in pairs(thread:get("statuses")) do
      by_status[status] = (by_status[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(by_status) do
    table.insert(parts, status .. "=" .. count)
  end
  table.sort(parts)
  io.write(string.format("Non-2xx responses: %d\n", total))
  io.write(string.format("Non-2xx statuses: %s\n", table.concat(parts, ",")))
end
