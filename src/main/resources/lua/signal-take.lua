-- Takes the best signal: moves it from pending to processing with a deadline on the Redis clock,
-- counts the attempt. KEYS: [1] pending, [2] processing, [3] items, [4] attempts.
-- ARGV: [1] visibility ms. Returns {id, json, attempts} or nil when the queue is empty.
local popped = redis.call('ZPOPMIN', KEYS[1], 1)
if #popped == 0 then
  return nil
end
local id = popped[1]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), id)
local attempts = redis.call('HINCRBY', KEYS[4], id, 1)
return {id, redis.call('HGET', KEYS[3], id), attempts}
