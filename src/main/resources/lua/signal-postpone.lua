-- A taken signal that may not be decided yet (its agent's previous order is not settled, or its
-- processing failed): out of processing into the postponed set until ARGV[2] ms from now on the
-- Redis clock, when the next take puts it back in pending with its own score. The take is not
-- counted as an attempt unless ARGV[3] is "1" (a failure: attempts bound how often it comes back).
-- KEYS: [1] processing, [2] postponed, [3] attempts, [4] optional: the agent's waiting set, which
-- signal-wake.lua empties when the agent's order in flight settles (kept a minute at most).
-- ARGV: [1] id, [2] wait ms, [3] optional "1". Returns 1 if it was being processed.
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then
  return 0
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[1])
if KEYS[4] then
  redis.call('SADD', KEYS[4], ARGV[1])
  redis.call('PEXPIRE', KEYS[4], 60000)
end
if ARGV[3] ~= '1' then
  redis.call('HINCRBY', KEYS[3], ARGV[1], -1)
end
return 1
