-- Enqueues a signal once per dedup key. KEYS: [1] pending zset, [2] items hash, [3] dedup key
-- (all under one hash tag). ARGV: [1] id, [2] signal JSON, [3] score, [4] dedup TTL ms, [5]
-- optional "claimed": the caller claimed the dedup key for this id before (a position's exit it
-- meant to decide itself), so the key must hold this id rather than be free.
-- Returns 1 when queued, 0 when the dedup key says it was queued (or claimed) before.
if ARGV[5] == 'claimed' then
  if redis.call('GET', KEYS[3]) ~= ARGV[1] then
    return 0
  end
  redis.call('PEXPIRE', KEYS[3], ARGV[4])
elseif not redis.call('SET', KEYS[3], ARGV[1], 'NX', 'PX', ARGV[4]) then
  return 0
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
return 1
