-- KEYS[1] lease key, KEYS[2] fencing counter (same hash tag); ARGV[1] token, ARGV[2] ttl ms.
-- Returns the new fencing token when acquired, 0 when someone else holds the lease.
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('INCR', KEYS[2])
end
return 0
