-- wrk script: each request reads a random row, 1..10000, so every request goes to
-- the database. The path prefix comes from the environment: /row/ for the bare
-- server, /bench/row/ for molard.
local prefix = os.getenv("BENCH_ROW_PREFIX") or "/row/"

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed + os.time())
end

function request()
  return wrk.format("GET", prefix .. math.random(1, 10000))
end
