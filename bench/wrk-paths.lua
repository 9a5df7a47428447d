-- wrk script: each request picks a random path from the file named after `--` (one path per line).
local paths = {}

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
