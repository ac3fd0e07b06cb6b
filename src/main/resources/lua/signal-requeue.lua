-- Puts back the signals whose consumer missed its deadline (it died or stalled), with their own
-- score. KEYS: [1] processing, [2] pending, [3] items. ARGV: [1] max per call.
-- Returns how many were put back.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local late = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
for _, id in ipairs(late) do
  local json = redis.call('HGET', KEYS[3], id)
  if json then
    redis.call('ZADD', KEYS[2], cjson.decode(json).score, id)
  end
  redis.call('ZREM', KEYS[1], id)
end
return #late
