-- The request-weight budget of Binance REST, shared by every instance (Binance counts per IP).
-- KEYS[1] this minute's used weight, KEYS[2] the ban (429/418) key; both under one hash tag.
-- ARGV[1] weight of the request, ARGV[2] limit per minute, ARGV[3] window ttl ms.
-- Returns {1, used} when allowed, {0, used} when the minute's budget is spent, {-1, ms} while banned.
local banned = redis.call('PTTL', KEYS[2])
if banned > 0 then
  return {-1, banned}
end
local weight = tonumber(ARGV[1])
local used = redis.call('INCRBY', KEYS[1], weight)
if used == weight then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
if used > tonumber(ARGV[2]) then
  redis.call('DECRBY', KEYS[1], weight)
  return {0, used - weight}
end
return {1, used}
