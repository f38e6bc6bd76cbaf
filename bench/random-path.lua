-- wrk script: each request asks for a random line of the file named by BENCH_PATHS,
-- one path per line (cases.sh writes real case numbers as /track/<number>). Headers
-- given with -H are sent as usual.
local file = os.getenv("BENCH_PATHS")
local paths = {}
if file then
  for line in io.lines(file) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
end

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  if #paths == 0 then
    error("BENCH_PATHS names no file of paths, or an empty one")
  end
  math.randomseed(seed + os.time())
end

function request()
  return wrk.format("GET", paths[math.random(1, #paths)])
end
