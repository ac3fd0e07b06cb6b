-- KEYS[1] lease key, KEYS[2] fencing counter (same hash tag); ARGV[1] token, ARGV[2] ttl ms.
-- Returns the new fencing token when acquired; when someone else holds the lease, minus the ms it
-- has left (at least 1), so a contender can try again as it expires rather than a round later.
-- The token is max(previous + 1, Redis time in microseconds): it keeps growing even if Redis
-- lost its data (a restart without persistence), so a consumer never mistakes a new leader for a
-- stale one. About 1.8e15 today: exact in Lua's doubles (up to 2^53).
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
  local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
  local token = math.max(previous + 1, now)
  redis.call('SET', KEYS[2], string.format('%.0f', token))
  return token
end
return -math.max(1, redis.call('PTTL', KEYS[1]))
