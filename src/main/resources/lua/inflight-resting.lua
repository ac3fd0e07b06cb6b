-- An order in flight is placed and rests at the venue: its entry says so, if it is still in flight
-- (a settlement that removed it in between must not bring it back).
-- KEYS[1] the agent's in-flight hash; ARGV[1] the client order id. Returns 1 when marked.
local entry = redis.call('HGET', KEYS[1], ARGV[1])
if not entry then
  return 0
end
local order = cjson.decode(entry)
order['resting'] = true
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(order))
return 1
