-- A taken signal that may not be decided yet (its agent's previous order is not settled): out of
-- processing into the postponed set until ARGV[2] ms from now on the Redis clock, when the next
-- take puts it back in pending with its own score. The take is not counted as an attempt.
-- KEYS: [1] processing, [2] postponed, [3] attempts. ARGV: [1] id, [2] wait ms.
-- Returns 1 if it was being processed.
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then
  return 0
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[1])
redis.call('HINCRBY', KEYS[3], ARGV[1], -1)
return 1
