-- An agent's turn for one signal, and the agent's orders in flight, in one round trip.
-- KEYS[1] the turn, KEYS[2] the agent's in-flight hash (one hash tag: the agent's).
-- ARGV[1] the holder (one take of a signal), ARGV[2] the turn's time to live in ms.
-- Returns {1, the in-flight hash as a flat list of id, json} when the holder holds the turn (taken
-- now, or held already), {0} when another holds it.
local holder = redis.call('GET', KEYS[1])
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
elseif holder ~= ARGV[1] then
  return {0}
end
return {1, redis.call('HGETALL', KEYS[2])}
