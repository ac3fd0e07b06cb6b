-- Trims acknowledged entries off a stream read by consumer groups: everything older than the
-- oldest entry any group still has pending or, when a group has nothing pending, than the last
-- entry it was delivered. An entry not yet delivered or not acknowledged is never removed. A
-- stream without groups is left to its MAXLEN. Approximate (MINID ~): whole macro nodes only.
-- KEYS: [1] stream. Returns how many entries were removed.
local function older(a, b)
  local am, as = string.match(a, '(%d+)-(%d+)')
  local bm, bs = string.match(b, '(%d+)-(%d+)')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  return am < bm or (am == bm and as < bs)
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local groups = redis.call('XINFO', 'GROUPS', KEYS[1])
if #groups == 0 then
  return 0
end
local floor = nil
for _, group in ipairs(groups) do
  local name, last
  for i = 1, #group, 2 do
    if group[i] == 'name' then
      name = group[i + 1]
    elseif group[i] == 'last-delivered-id' then
      last = group[i + 1]
    end
  end
  local pending = redis.call('XPENDING', KEYS[1], name)
  local keep = last
  if pending[1] > 0 then
    keep = pending[2]
  end
  if floor == nil or older(keep, floor) then
    floor = keep
  end
end
return redis.call('XTRIM', KEYS[1], 'MINID', '~', floor)
