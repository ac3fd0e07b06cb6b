-- Takes the best signal: first puts back the postponed signals whose wait is over (with their own
-- score), then moves the best from pending to processing with a deadline on the Redis clock and
-- counts the attempt. KEYS: [1] pending, [2] processing, [3] items, [4] attempts, [5] postponed.
-- ARGV: [1] visibility ms. Returns {id, json, attempts} or nil when the queue is empty.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local due = redis.call('ZRANGEBYSCORE', KEYS[5], '-inf', now)
for _, id in ipairs(due) do
  local json = redis.call('HGET', KEYS[3], id)
  if json then
    redis.call('ZADD', KEYS[1], cjson.decode(json).score, id)
  end
  redis.call('ZREM', KEYS[5], id)
end
local popped = redis.call('ZPOPMIN', KEYS[1], 1)
if #popped == 0 then
  return nil
end
local id = popped[1]
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), id)
local attempts = redis.call('HINCRBY', KEYS[4], id, 1)
return {id, redis.call('HGET', KEYS[3], id), attempts}
