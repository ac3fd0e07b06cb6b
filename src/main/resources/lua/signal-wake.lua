-- An agent's order is settled: its signals postponed behind it are due now (the next take puts
-- them back in pending with their own scores) instead of when their wait ends.
-- KEYS: [1] postponed, [2] the agent's waiting set. Returns how many were woken.
local woken = 0
for _, id in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if redis.call('ZSCORE', KEYS[1], id) then
    redis.call('ZADD', KEYS[1], 0, id)
    woken = woken + 1
  end
end
redis.call('DEL', KEYS[2])
return woken
