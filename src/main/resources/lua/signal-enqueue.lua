-- Enqueues a signal once per dedup key. KEYS: [1] pending zset, [2] items hash, [3] dedup key
-- (all under one hash tag). ARGV: [1] id, [2] signal JSON, [3] score, [4] dedup TTL ms.
-- Returns 1 when queued, 0 when the dedup key says it was queued before.
if not redis.call('SET', KEYS[3], ARGV[1], 'NX', 'PX', ARGV[4]) then
  return 0
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
return 1
