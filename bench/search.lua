-- search.lua - wrk script of the search benchmark (bench/search.sh): sends
-- the request paths of a query file (one a line) in order, round and
-- round, and counts answers other than 200.
--   wrk -t1 -c4 -d30s -s bench/search.lua URL -- QUERY_FILE
-- (or the file named by the environment variable BENCH_QUERIES).
local paths = {}
local next_i = 1
local bad = 0

function init(args)
  for line in io.lines(args[1] or os.getenv("BENCH_QUERIES")) do
    paths[#paths + 1] = line
  end
  -- Each thread starts at its own place in the list.
  next_i = (id or 0) * 97 % #paths + 1
end

function setup(thread)
  thread:set("id", (setup_n or 0))
  setup_n = (setup_n or 0) + 1
end

function request()
  local p = paths[next_i]
  next_i = next_i % #paths + 1
  return wrk.format("GET", p)
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    if bad == 1 then
      io.stderr:write("search.lua: status " .. status .. ": " .. body:sub(1, 200) .. "\n")
    end
  end
end
