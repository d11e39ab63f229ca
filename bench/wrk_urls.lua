-- wrk script for bench/run: each connection cycles through the request paths listed, one a
-- line, in the file named by the environment variable KB_WRK_URLS (the query mix as API
-- paths, from `kb-bench-peers mix --urls`). Threads start at different offsets.
local paths = {}
for line in io.lines(os.getenv("KB_WRK_URLS")) do
  if line ~= "" then paths[#paths + 1] = line end
end
if #paths == 0 then error("KB_WRK_URLS lists no paths") end

local counter = 0
local thread_count = 0

function setup(thread)
  thread:set("offset", thread_count * 97)
  thread_count = thread_count + 1
end

function init(args)
  counter = tonumber(offset) or 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
