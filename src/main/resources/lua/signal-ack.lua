-- A signal is done with (sent on, rejected or dropped). KEYS: [1] processing, [2] items, [3] attempts,
-- [4] postponed. ARGV: [1] id. Returns 1 if it was being processed.
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return removed
